output "join_urls" {
  description = "The join link of every session, as in the invitations."
  value       = { for id, event in msgraph_calendar_event.session : id => event.join_url }
}

output "schedule" {
  description = "Every session's times, in the programme's time zone."
  value = {
    for id, event in msgraph_calendar_event.session :
    id => "${event.start_date_time} – ${event.end_date_time} (${event.time_zone})"
  }
}
