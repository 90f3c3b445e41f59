output "join_urls" {
  description = "The join link of every session."
  value       = { for id, meeting in msgraph_online_meeting.session : id => meeting.join_web_url }
}

output "schedule" {
  description = "Every session's times, as Graph stores them."
  value = {
    for id, meeting in msgraph_online_meeting.session :
    id => "${meeting.start_date_time} – ${meeting.end_date_time}"
  }
}

output "join_information" {
  description = "Every session's invitation block (join link, meeting id, passcode) as HTML, in the language of accept_language, for the course pages."
  value       = { for id, meeting in msgraph_online_meeting.session : id => meeting.join_information.content }
  sensitive   = true
}
