# One Teams meeting per session of a training programme, from a CSV file
# that the programme team maintains. Trainers present; the organizer's
# colleagues skip the lobby; every meeting is recorded.
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

resource "msgraph_online_meeting" "session" {
  for_each = local.sessions

  user_id     = var.organizer_id
  external_id = "${var.programme_id}-${each.key}"
  subject     = "${var.programme_title}: ${each.value.title}"

  start_date_time = each.value.start
  end_date_time   = each.value.end

  participants = {
    attendees = [
      for name in split(" ", each.value.trainers) : {
        user_id = var.trainers[name].object_id
        upn     = var.trainers[name].upn
        role    = "presenter"
      }
    ]
  }

  allowed_presenters      = "roleIsPresenter"
  allowed_lobby_admitters = "organizerAndCoOrganizersAndPresenters"
  allow_meeting_chat      = "enabled"
  lobby_bypass_settings = {
    scope                     = "organization"
    is_dial_in_bypass_enabled = false
  }
  record_automatically = true
}
