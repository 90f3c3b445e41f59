package graphmock

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// onlinemeeting-schema.json is the project's extract of Graph's v1.0 CSDL
// for onlineMeeting. The mock takes its rules from it, not from the
// client's types, so that a wrong property name in the client fails here
// as it would against Graph.
//
//go:embed onlinemeeting-schema.json
var schemaJSON []byte

// rules are what the schema says about each property.
type rules struct {
	createOrGet map[string]bool // body properties createOrGet takes
	create      map[string]bool // body properties plain create takes
	patchable   map[string]bool // properties PATCH takes
	readOnly    map[string]bool // properties a client may never send
	enums       map[string]enum // enum type name (without namespace) → members
}

type enum struct {
	members []string
	// afterSentinel are members Graph reports as "unknownFutureValue"
	// unless the request carries Prefer: include-unknown-enum-members.
	afterSentinel []string
}

func (e enum) has(v string) bool { return slices.Contains(e.members, v) && v != "unknownFutureValue" }

func loadRules() (*rules, error) {
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
		Behaviour map[string]struct {
			ReadOnly   bool `json:"readOnly"`
			Patchable  bool `json:"patchable"`
			CreateOnly bool `json:"createOnly"`
			InV1Csdl   bool `json:"inV1Csdl"`
		} `json:"x-onlineMeeting-property-behaviour"`
	}
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		return nil, fmt.Errorf("graphmock: reading the schema: %w", err)
	}
	r := &rules{createOrGet: map[string]bool{}, create: map[string]bool{}, patchable: map[string]bool{}, readOnly: map[string]bool{}, enums: map[string]enum{}}
	for name, b := range doc.Behaviour {
		switch {
		case b.ReadOnly:
			r.readOnly[name] = true
		case b.Patchable && b.InV1Csdl:
			r.patchable[name] = true
			r.create[name] = true
		case b.CreateOnly && b.InV1Csdl:
			r.create[name] = true
		}
	}
	var body struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(doc.Components.Schemas["createOrGetPostRequestBody"], &body); err != nil {
		return nil, fmt.Errorf("graphmock: reading createOrGetPostRequestBody: %w", err)
	}
	for name := range body.Properties {
		if !strings.HasPrefix(name, "@") {
			r.createOrGet[name] = true
			r.create[name] = true
		}
	}
	for name, raw := range doc.Components.Schemas {
		var s struct {
			Enum      []string `json:"enum"`
			Evolvable struct {
				After []string `json:"membersAfterSentinel"`
			} `json:"x-graph-evolvable"`
		}
		if err := json.Unmarshal(raw, &s); err == nil && len(s.Enum) > 0 {
			r.enums[strings.TrimPrefix(name, "microsoft.graph.")] = enum{members: s.Enum, afterSentinel: s.Evolvable.After}
		}
	}
	for _, want := range []string{"onlineMeetingPresenters", "meetingChatMode", "allowedLobbyAdmitterRoles", "meetingLiveShareOptions", "lobbyBypassScope", "onlineMeetingRole"} {
		if _, ok := r.enums[want]; !ok {
			return nil, fmt.Errorf("graphmock: the schema has no enum %s", want)
		}
	}
	return r, nil
}
