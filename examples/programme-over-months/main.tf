# A training programme that runs for months, as one schedule file that
# the programme team keeps: sessions by week and weekday from the
# programme's start, a weekly lab as a series. Sessions that have ended
# leave the configuration on their own (plantimestamp), which sends
# nothing and leaves them in every calendar (keep_past_on_destroy); a
# trainee who joins mid-programme is invited to the sessions ahead only;
# the lab was split at the week a trainee joined. See the guide
# "Running a programme over months".

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    msgraph = {
      source  = "meetingops/msgraph"
      version = "~> 0.2"
    }
  }
}

provider "msgraph" {}

locals {
  # The moment that decides which sessions have ended: the plan's own time.
  as_of = coalesce(var.as_of, plantimestamp())

  rows = [
    for s in csvdecode(file("${path.module}/schedule.csv")) : merge(s, {
      week  = tonumber(s.week)
      first = timeadd("${var.programme_start}T00:00:00Z", "${(tonumber(s.week) * 7 + tonumber(s.day)) * 24}h")
      # A series' last session: weeks - 1 weeks after its first.
      last = timeadd("${var.programme_start}T00:00:00Z", "${(tonumber(s.week) * 7 + tonumber(s.day) + 7 * (s.weeks == "" ? 0 : tonumber(s.weeks) - 1)) * 24}h")
    })
  ]

  # Every session that has not ended two days ago: a session leaves the
  # configuration, and the state, once it has surely ended whatever the
  # time zone (the provider keeps it in the calendars either way).
  sessions = {
    for s in local.rows : s.id => s
    if timecmp(timeadd(s.last, "48h"), local.as_of) > 0
  }
}

resource "msgraph_calendar_event" "session" {
  for_each = local.sessions

  user_id     = var.organizer_id
  external_id = "${var.programme_id}-${each.key}"
  subject     = "${var.programme_title}: ${each.value.title}"

  start_date_time = "${formatdate("YYYY-MM-DD", each.value.first)}T${each.value.start}:00"
  end_date_time   = "${formatdate("YYYY-MM-DD", each.value.first)}T${each.value.end}:00"
  time_zone       = var.time_zone
  location        = each.value.room

  # The trainers, and the trainees who have joined by the session's week:
  # a trainee who joins later is invited to the sessions ahead only, and
  # the sessions already planned for them stay as they are for everyone
  # else.
  attendees = concat(
    [for name in split(" ", each.value.trainers) : { email = var.trainers[name] }],
    [for email, week in var.trainees : { email = email } if week <= each.value.week],
  )

  recurrence = each.value.weeks == "" ? null : {
    pattern = { type = "weekly", interval = 1, days_of_week = [lower(formatdate("EEEE", each.value.first))] }
    range   = { type = "numbered", start_date = formatdate("YYYY-MM-DD", each.value.first), number_of_occurrences = tonumber(each.value.weeks) }
  }

  cancellation_message = "This session of ${var.programme_title} is cancelled."
}
