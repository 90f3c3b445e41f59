import {
  to = msgraph_online_meeting.kickoff
  identity = {
    user_id = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
    id      = "MSo0Yjc1MTg5Yi0yZjJlLTRhOGMtOWQ3ZS0xZjBjMmEzYjRjNWQqMCoqMTk6bWVldGluZ19rMWNrMGZmQHRocmVhZC52Mg"
  }
}
