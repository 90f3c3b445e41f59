module github.com/hashicorp/terraform/internal/backend/remote-state/oss

go 1.26.8

require (
	github.com/hashicorp/terraform v1.16.4
	github.com/zclconf/go-cty v1.18.1
)
