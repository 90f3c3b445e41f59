# The join link of a session that another configuration manages, found by
# its external_id.
data "msgraph_calendar_event" "kickoff" {
  user_id     = "trainer@contoso.com"
  external_id = "2027-spring-kickoff"
  time_zone   = "Europe/Berlin"
}

output "kickoff_join_url" {
  value = data.msgraph_calendar_event.kickoff.join_url
}
