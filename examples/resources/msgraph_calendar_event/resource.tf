# A weekly lab for the trainees, in the programme's own time zone: Graph
# sends each attendee an invitation with the Teams join link.
resource "msgraph_calendar_event" "weekly_lab" {
  user_id     = "trainer@contoso.com"
  external_id = "2027-spring-weekly-lab"
  subject     = "Weekly lab"
  body = {
    content = "Bring your laptop. The exercises are on the course page."
  }

  start_date_time = "2027-03-22T14:00:00"
  end_date_time   = "2027-03-22T15:30:00"
  time_zone       = "Europe/Berlin"
  location        = "Training room 2"

  attendees = [
    { email = "ada@contoso.com" },
    { email = "grace@contoso.com" },
    { email = "room2@contoso.com", type = "resource" },
  ]

  recurrence = {
    pattern = { type = "weekly", interval = 1, days_of_week = ["monday"] }
    range   = { type = "numbered", start_date = "2027-03-22", number_of_occurrences = 8 }
  }

  cancellation_message = "The lab series is cancelled; the course page has the details."
}

output "weekly_lab_join_url" {
  value = msgraph_calendar_event.weekly_lab.join_url
}
