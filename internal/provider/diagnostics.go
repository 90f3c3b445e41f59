package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// graphCall describes a Graph call for its error diagnostic.
type graphCall struct {
	// summary is the diagnostic summary, such as "Unable to Create Online Meeting".
	summary string
	// attempted says what was tried, such as `Creating the online meeting
	// with external_id "x" for user y`.
	attempted string
	// timeoutName and timeout identify the timeouts block entry that bounds
	// the call.
	timeoutName string
	timeout     time.Duration
	userID      string
	clientID    string
	// credential names the configured credential, such as use_msi.
	credential string
	// api is the Graph API the call went to: its permissions and its
	// errors are the ones the diagnostic explains.
	api graphAPI
	// occurrence is the date of the series' occurrence the call was about,
	// if any.
	occurrence string
}

// graphAPI is a Graph API the provider calls, each with its own
// permissions: Teams' onlineMeetings (OnlineMeetings.ReadWrite.All and a
// Teams application access policy) or Outlook's events
// (Calendars.ReadWrite, scoped by Exchange Online).
type graphAPI int

const (
	onlineMeetingsAPI graphAPI = iota
	eventsAPI
)

// graphErrorDiagnostic explains a failed Graph call: what was attempted,
// what Graph (or the token endpoint) said, and what to do about it.
func graphErrorDiagnostic(call graphCall, err error) diag.Diagnostic {
	var b strings.Builder
	b.WriteString(call.attempted)
	b.WriteString(" failed.\n\n")

	var gErr *graph.Error
	var authErr *graph.AuthError
	switch {
	case errors.As(err, &authErr):
		b.WriteString("The provider could not obtain an access token: ")
		b.WriteString(authErr.Error())
		b.WriteString("\n\n" + credentialHelp(call.credential, call.api))
		return diag.NewErrorDiagnostic(call.summary, b.String())
	case errors.As(err, &gErr):
		fmt.Fprintf(&b, "Microsoft Graph answered HTTP %d %s.\n", gErr.StatusCode, http.StatusText(gErr.StatusCode))
		for _, f := range [][2]string{
			{"code", gErr.Code}, {"message", gErr.Message}, {"request-id", gErr.RequestID},
			{"client-request-id", gErr.ClientRequestID}, {"date", gErr.Date},
		} {
			if f[1] != "" {
				fmt.Fprintf(&b, "  %s: %s\n", f[0], f[1])
			}
		}
		if gErr.Attempts > 1 {
			fmt.Fprintf(&b, "  attempts: %d\n", gErr.Attempts)
		}
	default:
		fmt.Fprintf(&b, "Error: %s\n", err)
	}

	if errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(&b, "\nThe %s timeout (%s) ran out while the provider was waiting to retry. "+
			"Raise it in the resource's timeouts block (timeouts { %s = \"30m\" }), or run with less parallelism (terraform apply -parallelism=n) so that Graph throttles less.",
			call.timeoutName, call.timeout, call.timeoutName)
		return diag.NewErrorDiagnostic(call.summary, b.String())
	}
	if gErr == nil {
		return diag.NewErrorDiagnostic(call.summary, b.String())
	}
	b.WriteString("\n")
	help := meetingErrorHelp(call, gErr)
	if call.api == eventsAPI {
		help = eventErrorHelp(call, gErr)
	}
	b.WriteString(cmp.Or(help, errorHelp(gErr)))
	return diag.NewErrorDiagnostic(call.summary, b.String())
}

// errorHelp explains the errors that mean the same in every Graph API.
func errorHelp(gErr *graph.Error) string {
	switch {
	case gErr.StatusCode == http.StatusUnauthorized:
		return "Graph did not accept the access token. Check that the token was issued for this cloud's Graph (environment, graph_endpoint) and has not expired."
	case gErr.StatusCode == http.StatusTooManyRequests:
		return "Graph kept throttling the requests after every retry. Run again later, apply with less parallelism (-parallelism=n), or raise max_retries."
	case gErr.StatusCode >= 500:
		return "This is a failure on Microsoft's side. Run again later; quote the request-id above if you contact Microsoft support."
	case gErr.StatusCode == http.StatusBadRequest:
		return "Graph refused the request as invalid; its message names the value it did not accept."
	}
	return ""
}

// meetingErrorHelp explains an error of Teams' onlineMeetings API where it
// means something of its own ("" where errorHelp says it).
func meetingErrorHelp(call graphCall, gErr *graph.Error) string {
	switch {
	case gErr.StatusCode == http.StatusForbidden && call.userID != "":
		return accessPolicyHelp(call.userID, call.clientID)
	case gErr.StatusCode == http.StatusForbidden:
		return "The signed-in user may not manage online meetings: a delegated token needs the OnlineMeetings.ReadWrite permission."
	case gErr.StatusCode == http.StatusNotFound && call.userID == "":
		return "Without user_id the provider uses /me, which works only with a delegated (user) access token."
	case gErr.StatusCode == http.StatusNotFound:
		return "Check that user_id is the organizer's Entra object id and that the meeting still exists."
	}
	return ""
}

// eventErrorHelp explains an error of Outlook's events API, which speaks
// of mailboxes and Exchange Online, not of Teams ("" where errorHelp says
// it).
func eventErrorHelp(call graphCall, gErr *graph.Error) string {
	code := func(c string) bool { return strings.EqualFold(gErr.Code, c) }
	switch {
	case code("MailboxNotEnabledForRESTAPI"):
		return fmt.Sprintf("%s has no mailbox that Graph can reach: it is not in Exchange Online (an on-premises mailbox), it has no licence that includes Exchange Online, "+
			"it is inactive or soft-deleted, or it is a guest of this tenant. Set user_id to a member of the tenant with an Exchange Online mailbox, "+
			"or give this user an Exchange Online licence (a new mailbox can take a while to be provisioned).", call.userID)
	case code("ErrorInvalidIdMalformed"):
		return "Graph does not recognise the event id as an Outlook event id. When importing, the import id is \"<user_id>/<event_id>\" (or, on Terraform 1.12+ " +
			"and OpenTofu, the identity { user_id = \"...\", id = \"...\" }): the organizer's object id or user principal name, and the event's id exactly as " +
			"Graph returns it, such as AAMkAGI1AAAt8AHjAAA=. terraform query with the msgraph_calendar_event list resource (Terraform 1.14+) finds the ids, " +
			"as does GET /users/<user_id>/events in Graph Explorer. An id from Outlook add-ins or EWS has another form: translate it with Graph's translateExchangeIds first."
	case code("ErrorOccurrenceCrossingBoundary"):
		return "Graph keeps a moved occurrence between its neighbours: it cannot be moved to or before the day of the previous occurrence, " +
			"nor to or after the day of the next one. Pick a day in between in moved_occurrences, or cancel that occurrence (cancelled_occurrences) " +
			"and declare a single msgraph_calendar_event for the day it should take place."
	case gErr.StatusCode == http.StatusForbidden:
		return mailboxAccessHelp(call.userID, call.clientID)
	case gErr.StatusCode == http.StatusNotFound && call.occurrence != "":
		return fmt.Sprintf("The series no longer has an occurrence on %s: it may have been cancelled or changed in Outlook meanwhile. "+
			"Run plan, which reads the series, to see what is left to do.", call.occurrence)
	case gErr.StatusCode == http.StatusNotFound:
		return fmt.Sprintf("Check that user_id (%s) names a mailbox of this tenant and, for an existing event, that it is still in that mailbox's calendar: "+
			"an event deleted in Outlook is gone, and the next plan of a msgraph_calendar_event creates it again.", call.userID)
	}
	return ""
}

// mailboxAccessHelp is what an Exchange Online administrator must do for
// an app to manage a mailbox's calendar.
func mailboxAccessHelp(userID, clientID string) string {
	if clientID == "" {
		clientID = "<client_id>"
	}
	return fmt.Sprintf(`The application may not use the calendar of %[1]s: it needs Calendars.ReadWrite for this mailbox, and "Access to OData is disabled" means an Exchange Online scope leaves the mailbox out. An Exchange administrator grants it in one of two ways (ExchangeOnlineManagement PowerShell module).

With RBAC for Applications (recommended; the app then needs no tenant-wide Calendars.ReadWrite consent in Entra, which would reach every mailbox):

  New-ServicePrincipal -AppId "%[2]s" -ObjectId "<the app's enterprise application object id>" -DisplayName "terraform-provider-msgraph"
  New-ManagementScope -Name "Training organizers" -RecipientRestrictionFilter "MemberOfGroup -eq '<distinguished name of a group of organizers>'"
  New-ManagementRoleAssignment -App "%[2]s" -Role "Application Calendars.ReadWrite" -CustomResourceScope "Training organizers"
  Test-ServicePrincipalAuthorization -Identity "%[2]s" -Resource "%[1]s"

Or with the Microsoft Graph application permission Calendars.ReadWrite, admin-consented in Entra, restricted by a legacy application access policy to a mail-enabled security group that holds the organizer:

  New-ApplicationAccessPolicy -AppId "%[2]s" -PolicyScopeGroupId "<group address>" -AccessRight RestrictAccess -Description "terraform-provider-msgraph"
  Test-ApplicationAccessPolicy -Identity "%[1]s" -AppId "%[2]s"

Scope changes can take more than an hour to reach Graph. Teams' application access policy and OnlineMeetings.ReadWrite.All are needed only for online_meeting_settings.`, userID, clientID)
}

// accessPolicyHelp is what a Teams administrator must do for an app to
// manage a user's online meetings.
func accessPolicyHelp(userID, clientID string) string {
	if clientID == "" {
		clientID = "<client_id>"
	}
	return fmt.Sprintf(`With an application credential, Microsoft Teams also requires an application access policy that allows the app to act for user %[1]s. A Teams administrator creates and grants it with the MicrosoftTeams PowerShell module:

  New-CsApplicationAccessPolicy -Identity "terraform-meetings" -AppIds "%[2]s" -Description "terraform-provider-msgraph"
  Grant-CsApplicationAccessPolicy -PolicyName "terraform-meetings" -Identity "%[1]s"
  # or, for every user in the tenant:
  Grant-CsApplicationAccessPolicy -PolicyName "terraform-meetings" -Global

The app registration also needs the Microsoft Graph application permission OnlineMeetings.ReadWrite.All with admin consent. Policy changes can take up to 30 minutes to take effect.`, userID, clientID)
}

// credentialHelp is what to check when a credential yields no token for a
// call to api.
func credentialHelp(credential string, api graphAPI) string {
	switch credential {
	case "use_msi":
		grant := "the Microsoft Graph application permission OnlineMeetings.ReadWrite.All and the Teams application access policy"
		if api == eventsAPI {
			grant = "the Microsoft Graph application permission Calendars.ReadWrite, scoped in Exchange Online to the organizers' mailboxes"
		}
		return "Check that the machine or app the provider runs on has a managed identity (the system-assigned one, or the user-assigned one that client_id names), " +
			"and that the identity's service principal holds " + grant + "."
	case "use_oidc", "use_aks_workload_identity":
		return "Check tenant_id and client_id (and their ARM_* or AZURE_* environment variables), and that the app's federated credential matches the workload's issuer, " +
			"subject and audience: in Azure DevOps the service connection, in AKS the service account, in GitHub Actions the repository and environment."
	}
	return "Check tenant_id, client_id and the configured credential (and their ARM_* environment variables); " +
		"a client secret may have expired, a certificate may not be registered on the app, or a federated credential may not match the workload's issuer and subject."
}
