// Package e2e holds end-to-end tests: the provider binary built from this
// module, driven by the real Terraform or OpenTofu CLI (TF_ACC_TERRAFORM_PATH)
// against the bundled mock Graph, on the project's examples and demo.
package e2e
