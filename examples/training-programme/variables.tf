variable "organizer_id" {
  description = "Entra object id of the user who organises the sessions (a GUID, not a UPN)."
  type        = string
  default     = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
}

variable "programme_id" {
  description = "Prefix of every meeting's external_id. Keep it stable: it is what makes a re-run find the meetings it made."
  type        = string
  default     = "platform-training-2026"
}

variable "programme_title" {
  description = "Prefix of every meeting's subject."
  type        = string
  default     = "Platform Engineering Training"
}

variable "sessions_file" {
  description = "CSV file of sessions (id, title, start, end, trainers separated by spaces), relative to this module."
  type        = string
  default     = "sessions.csv"
}

variable "trainers" {
  description = "Trainers by the short name used in the sessions file."
  type = map(object({
    object_id = string
    upn       = string
  }))
  default = {
    ada = {
      object_id = "1f35f2e6-9cab-44ad-8d5a-b74c14720000"
      upn       = "ada@contoso.com"
    }
    grace = {
      object_id = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
      upn       = "grace@contoso.com"
    }
    linus = {
      object_id = "c0ffee00-1234-4abc-9def-0123456789ab"
      upn       = "linus@contoso.com"
    }
  }
}
