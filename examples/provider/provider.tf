terraform {
  required_providers {
    msgraph = {
      source  = "meetingops/msgraph"
      version = "~> 0.1"
    }
  }
}

# Credentials usually come from the environment, so that nothing secret is
# written in the configuration:
#
#   ARM_TENANT_ID, ARM_CLIENT_ID and one of
#   ARM_CLIENT_SECRET, ARM_CLIENT_CERTIFICATE_PATH or ARM_USE_OIDC=true.
provider "msgraph" {}

# The same, written out, with a certificate registered on the app:
provider "msgraph" {
  alias                       = "certificate"
  tenant_id                   = "contoso.onmicrosoft.com"
  client_id                   = "0a0c1b8e-5d2f-4c71-9a43-2b6c0e8f7d15"
  client_certificate_path     = "${path.module}/terraform-meetings.pfx"
  client_certificate_password = var.certificate_password
}

# Workload identity federation from GitHub Actions: the job needs
# `permissions: id-token: write`; the request URL and token come from
# ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN.
provider "msgraph" {
  alias     = "github_actions"
  tenant_id = "contoso.onmicrosoft.com"
  client_id = "0a0c1b8e-5d2f-4c71-9a43-2b6c0e8f7d15"
  use_oidc  = true
}

variable "certificate_password" {
  type      = string
  sensitive = true
}
