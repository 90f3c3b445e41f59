# A kick-off meeting organised by a team lead, with two trainers as
# presenters. Graph addresses users by their Entra object id.
resource "msgraph_online_meeting" "kickoff" {
  user_id     = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
  external_id = "platform-training-2027-kickoff"
  subject     = "Platform training: kick-off"

  # The end defaults to start + 1 hour when left out.
  start_date_time = "2027-03-01T09:00:00+01:00"
  end_date_time   = "2027-03-01T10:30:00+01:00"

  participants = {
    attendees = [
      { user_id = "1f35f2e6-9cab-44ad-8d5a-b74c14720000", upn = "ada@contoso.com", role = "presenter" },
      { user_id = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", upn = "grace@contoso.com", role = "presenter" },
    ]
  }

  allowed_presenters      = "roleIsPresenter"
  allowed_lobby_admitters = "organizerAndCoOrganizersAndPresenters"
  lobby_bypass_settings = {
    scope                     = "organization"
    is_dial_in_bypass_enabled = false
  }
  record_automatically = true
}

output "kickoff_join_url" {
  value = msgraph_online_meeting.kickoff.join_web_url
}
