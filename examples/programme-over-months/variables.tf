variable "programme_start" {
  description = "The Monday of the programme's first week (YYYY-MM-DD): schedule.csv gives every session by its week and weekday (0 = Monday) from it."
  type        = string
  default     = "2026-10-19"
}

variable "as_of" {
  description = "The moment that decides which sessions have ended (RFC 3339). Unset, the plan's timestamp: leave it unset, or set it to preview what a later plan leaves out."
  type        = string
  default     = null
}

variable "organizer_id" {
  description = "Entra object id of the user who organises the sessions; the events are in their calendar."
  type        = string
  default     = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
}

variable "programme_id" {
  description = "Prefix of every event's external_id. Keep it stable: it is what makes a re-run find the events it made."
  type        = string
  default     = "platform-training-autumn-2026"
}

variable "programme_title" {
  description = "Prefix of every event's subject."
  type        = string
  default     = "Platform Engineering Training"
}

variable "time_zone" {
  description = "The programme's time zone, in which schedule.csv gives the times."
  type        = string
  default     = "Europe/Berlin"
}

variable "trainers" {
  description = "Trainers' e-mail addresses by the short name used in schedule.csv."
  type        = map(string)
  default = {
    ada   = "ada@contoso.com"
    grace = "grace@contoso.com"
    linus = "linus@contoso.com"
  }
}

variable "trainees" {
  description = "The trainees' e-mail addresses, each with the programme week they join in: every session from that week invites them."
  type        = map(number)
  default = {
    "alex@contoso.com" = 0
    "sam@contoso.com"  = 0
    "kim@contoso.com"  = 8 # joined mid-programme: the second lab series and the sessions after invite Kim
  }
}
