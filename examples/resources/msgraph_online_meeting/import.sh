# Import an existing meeting by "<organizer object id>/<meeting id>".
terraform import msgraph_online_meeting.kickoff "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d/MSo0Yjc1MTg5Yi0yZjJlLTRhOGMtOWQ3ZS0xZjBjMmEzYjRjNWQqMCoqMTk6bWVldGluZ19rMWNrMGZmQHRocmVhZC52Mg"

# With a delegated access token (no user_id), use "me/<meeting id>".
terraform import msgraph_online_meeting.mine "me/MSo0Yjc1MTg5Yi0yZjJlLTRhOGMtOWQ3ZS0xZjBjMmEzYjRjNWQqMCoqMTk6bWVldGluZ19rMWNrMGZmQHRocmVhZC52Mg"
