# Terraform 1.12+ and OpenTofu: import by the event's identity.
import {
  to = msgraph_calendar_event.kickoff
  identity = {
    user_id = "trainer@contoso.com"
    id      = "AAMkAGI1AAAt8AHjAAA="
  }
}
