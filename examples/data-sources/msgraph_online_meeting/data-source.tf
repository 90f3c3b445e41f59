# A meeting someone else scheduled, found from the link in its invitation.
data "msgraph_online_meeting" "all_hands" {
  user_id      = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d" # the organizer
  join_web_url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjU0ZGY3YjQ%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-0000-4000-8000-00000000a11c%22%7d"
}

# Or by the meeting id people type to join.
data "msgraph_online_meeting" "standup" {
  user_id         = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
  join_meeting_id = "318206654289"
}

output "all_hands_starts" {
  value = data.msgraph_online_meeting.all_hands.start_date_time
}

output "standup_dial_in" {
  value = data.msgraph_online_meeting.standup.audio_conferencing.dialin_url
}
