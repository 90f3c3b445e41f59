# One Teams meeting per session of a training programme, in the calendars
# of its trainers and trainees, from a CSV file that the programme team
# maintains. Times are wall-clock times in the programme's time zone, so
# sessions after the clocks change (28 March 2027 in Europe) keep their
# hour. A session with a number of weeks is a weekly series, whose
# holidays and moved sessions are in var.series_exceptions.
#
# Run it against the bundled mock with `make demo`, or against a tenant
# with the ARM_* variables set (see README.md beside this file).

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    msgraph = {
      source  = "meetingops/msgraph"
      version = "~> 0.1"
    }
  }
}

provider "msgraph" {}

locals {
  sessions = { for s in csvdecode(file("${path.module}/${var.sessions_file}")) : s.id => s }
}

resource "msgraph_calendar_event" "session" {
  for_each = local.sessions

  user_id     = var.organizer_id
  external_id = "${var.programme_id}-${each.key}"
  subject     = "${var.programme_title}: ${each.value.title}"
  body = {
    content = "${each.value.title}, in ${each.value.room} or on Teams.\nThe course page has the material."
  }

  start_date_time = each.value.start
  end_date_time   = each.value.end
  time_zone       = var.time_zone
  location        = each.value.room

  attendees = concat(
    [for name in split(" ", each.value.trainers) : { email = var.trainers[name] }],
    [for email in var.trainees : { email = email, type = "required" }],
  )

  recurrence = each.value.weeks == "" ? null : {
    pattern = { type = "weekly", interval = 1, days_of_week = [lower(formatdate("EEEE", "${each.value.start}Z"))] }
    range   = { type = "numbered", start_date = substr(each.value.start, 0, 10), number_of_occurrences = tonumber(each.value.weeks) }
  }

  # A series' holidays and moved sessions: each mails the attendees of
  # that date only (a cancellation, an update), and nothing else.
  cancelled_occurrences = try(var.series_exceptions[each.key].cancelled, null)
  moved_occurrences     = try(var.series_exceptions[each.key].moved, null)

  # The Teams meeting's options, as msgraph_online_meeting has them:
  # people of the organization skip the lobby and present, and every
  # session is recorded.
  online_meeting_settings = {
    allowed_presenters = "organization"
    allow_meeting_chat = "enabled"
    lobby_bypass_settings = {
      scope                     = "organization"
      is_dial_in_bypass_enabled = false
    }
    record_automatically = true
  }

  cancellation_message = "This session of ${var.programme_title} is cancelled."
}
