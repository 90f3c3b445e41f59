package graphmock

// An onlineMeeting as Graph answers with it: @odata.context, evolvable
// enum members, attendee order and the join information.

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// writeMeeting answers with a meeting as Graph shows it.
func (s *Server) writeMeeting(w http.ResponseWriter, r *http.Request, c *call, status int, m graph.OnlineMeeting) {
	body := s.encodeMeeting(c, m)
	var withContext map[string]json.RawMessage
	_ = json.Unmarshal(body, &withContext)
	withContext["@odata.context"], _ = json.Marshal(s.graphBase(r) + "/$metadata#users('" + c.userID + "')/onlineMeetings/$entity")
	writeJSON(w, status, withContext)
}

// encodeMeeting applies the presentation rules that depend on the request:
// evolvable enum members, attendee order and the language of the join
// information.
func (s *Server) encodeMeeting(c *call, m graph.OnlineMeeting) json.RawMessage {
	s.mu.Lock()
	reverse, resolve := s.faults.ReverseAttendees, s.faults.ResolveAttendeeUPNs
	s.mu.Unlock()
	if m.Participants != nil {
		if reverse {
			slices.Reverse(m.Participants.Attendees)
		}
		for i, a := range m.Participants.Attendees {
			if resolve && a.UPN == "" && len(a.UserID()) >= 8 {
				m.Participants.Attendees[i].UPN = "user-" + a.UserID()[:8] + "@contoso.example"
			}
		}
		if !c.prefer {
			for i := range m.Participants.Attendees {
				if r := m.Participants.Attendees[i].Role; r != nil {
					m.Participants.Attendees[i].Role = graph.Ptr(graph.OnlineMeetingRole(s.hideNewMember("onlineMeetingRole", string(*r))))
				}
			}
		}
	}
	m.JoinInformation = joinInformation(c.language, m)
	if !c.prefer && m.LobbyBypassSettings != nil && m.LobbyBypassSettings.Scope != nil {
		m.LobbyBypassSettings.Scope = graph.Ptr(graph.LobbyBypassScope(s.hideNewMember("lobbyBypassScope", string(*m.LobbyBypassSettings.Scope))))
	}
	b, _ := json.Marshal(m)
	return b
}

// hideNewMember is what Graph does without Prefer: include-unknown-enum-members.
func (s *Server) hideNewMember(enumName, v string) string {
	if slices.Contains(s.rules.enums[enumName].afterSentinel, v) {
		return "unknownFutureValue"
	}
	return v
}

func (s *Server) graphBase(r *http.Request) string { return "http://" + r.Host + "/v1.0" }
