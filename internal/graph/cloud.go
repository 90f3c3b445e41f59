package graph

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Cloud names a Microsoft cloud: where its users log in and where its
// Graph lives.
type Cloud struct {
	Name          string
	AuthorityHost string
	GraphEndpoint string
	// FederatedAudience is the audience a workload identity (OIDC) token
	// must carry for this cloud's token exchange.
	FederatedAudience string
	// OnlineMeetings tells whether Graph offers online meetings there.
	OnlineMeetings bool
}

// Clouds are the environments the provider's "environment" attribute names.
var Clouds = map[string]Cloud{
	"global": {
		Name: "global", AuthorityHost: "https://login.microsoftonline.com",
		GraphEndpoint: "https://graph.microsoft.com/v1.0", FederatedAudience: "api://AzureADTokenExchange", OnlineMeetings: true,
	},
	"usgovernmentl4": {
		Name: "usgovernmentl4", AuthorityHost: "https://login.microsoftonline.us",
		GraphEndpoint: "https://graph.microsoft.us/v1.0", FederatedAudience: "api://AzureADTokenExchangeUSGov", OnlineMeetings: true,
	},
	"usgovernmentl5": {
		Name: "usgovernmentl5", AuthorityHost: "https://login.microsoftonline.us",
		GraphEndpoint: "https://dod-graph.microsoft.us/v1.0", FederatedAudience: "api://AzureADTokenExchangeUSGov", OnlineMeetings: true,
	},
	"china": {
		Name: "china", AuthorityHost: "https://login.chinacloudapi.cn",
		GraphEndpoint: "https://microsoftgraph.chinacloudapi.cn/v1.0", FederatedAudience: "api://AzureADTokenExchangeChina", OnlineMeetings: false,
	},
}

// CloudNames lists the keys of Clouds, default first.
var CloudNames = []string{"global", "usgovernmentl4", "usgovernmentl5", "china"}

// CloudAliases maps the names the azurerm provider uses in the
// ARM_ENVIRONMENT variable that both providers read, lower-cased, to ours.
var CloudAliases = map[string]string{"public": "global", "usgovernment": "usgovernmentl4"}

// CheckEndpointURL accepts an absolute http(s) URL, and plain HTTP only for
// a loopback host (127.0.0.0/8, ::1, localhost), so that tokens and meeting
// data never cross a network unencrypted.
func CheckEndpointURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%q is not an absolute http(s) URL such as https://graph.microsoft.com/v1.0", raw)
	}
	if u.User != nil {
		return errors.New("the URL must not carry user information")
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return fmt.Errorf("%q uses plain HTTP to %s, which is not a loopback address; use https:// (plain HTTP is accepted only for 127.0.0.0/8, ::1 and localhost)", raw, u.Hostname())
	}
	return nil
}

// IsLoopback reports whether host is localhost or a loopback IP address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// scopeFor is the .default scope of the Graph host that endpoint points at.
func scopeFor(endpoint *url.URL) string {
	return endpoint.Scheme + "://" + endpoint.Host + "/.default"
}
