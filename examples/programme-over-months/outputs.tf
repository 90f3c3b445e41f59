output "sessions" {
  description = "The sessions in the configuration, by id: those that have not ended (the others stay in the calendars, outside Terraform)."
  value = {
    for id, event in msgraph_calendar_event.session :
    id => "${event.start_date_time} – ${event.end_date_time} (${event.time_zone})"
  }
}
