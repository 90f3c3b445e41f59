module github.com/meetingops/terraform-provider-msgraph/tools/goreleaser

go 1.26
