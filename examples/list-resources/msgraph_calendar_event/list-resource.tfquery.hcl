# The spring programme that trainer@contoso.com made in
# Outlook. `terraform query -generate-config-out=sessions.tf` writes an
# import block and a msgraph_calendar_event for each session.
list "msgraph_calendar_event" "programme" {
  provider         = msgraph
  include_resource = true

  config {
    user_id          = "trainer@contoso.com"
    start_from       = "2027-03-01"
    start_before     = "2027-07-01"
    subject_contains = "Terraform"
    time_zone        = "Europe/Berlin"
  }
}
