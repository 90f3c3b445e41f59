variable "organizer_id" {
  description = "Entra object id of the user who organises the sessions; the events are in their calendar."
  type        = string
  default     = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
}

variable "programme_id" {
  description = "Prefix of every event's external_id. Keep it stable: it is what makes a re-run find the events it made."
  type        = string
  default     = "platform-training-2027"
}

variable "programme_title" {
  description = "Prefix of every event's subject."
  type        = string
  default     = "Platform Engineering Training"
}

variable "time_zone" {
  description = "The programme's time zone, in which sessions.csv gives the times: an IANA or a Windows name."
  type        = string
  default     = "Europe/Berlin"
}

variable "sessions_file" {
  description = "CSV file of sessions (id, title, start, end as wall-clock times, room, weeks for a weekly series, trainers separated by spaces), relative to this module."
  type        = string
  default     = "sessions.csv"
}

variable "trainers" {
  description = "Trainers' e-mail addresses by the short name used in the sessions file."
  type        = map(string)
  default = {
    ada   = "ada@contoso.com"
    grace = "grace@contoso.com"
    linus = "linus@contoso.com"
  }
}

variable "trainees" {
  description = "The trainees' e-mail addresses: every session invites them."
  type        = list(string)
  default     = ["alex@contoso.com", "sam@contoso.com", "kim@contoso.com"]
}

variable "series_exceptions" {
  description = "Occurrences of the weekly series that do not take place (dates) or take place at another time or room (by the date the pattern gives them), by session id. Dates and times are in time_zone."
  type = map(object({
    cancelled = optional(set(string))
    moved = optional(map(object({
      start_date_time = string
      end_date_time   = string
      location        = optional(string)
    })))
  }))
  default = {
    "04-lab" = {
      # The Easter break (Easter Monday is 29 March).
      cancelled = ["2027-03-31"]
      # The lab is taken on 21 April: that session is on Thursday, in Room 2.
      moved = {
        "2027-04-21" = { start_date_time = "2027-04-22T14:00:00", end_date_time = "2027-04-22T15:30:00", location = "Room 2" }
      }
    }
  }
}
