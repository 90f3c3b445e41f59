package graph_test

import (
	"encoding/json"
	"testing"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

func TestDateTime(t *testing.T) {
	t.Parallel()
	a, err := graph.ParseDateTime("2026-03-02T09:00:00+01:00")
	if err != nil {
		t.Fatal(err)
	}
	b, err := graph.ParseDateTime("2026-03-02T08:00:00.0000000Z")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Equal(b) {
		t.Error("same instant in two offsets must be Equal")
	}
	c, _ := graph.ParseDateTime("2026-03-02T08:00:00.0000001Z")
	if a.Equal(c) {
		t.Error("instants 100 ns apart must differ")
	}
	if a.String() != "2026-03-02T09:00:00+01:00" || b.String() != "2026-03-02T08:00:00.0000000Z" {
		t.Error("String must return the text as written")
	}
	if _, err := graph.ParseDateTime("2026-03-02 09:00"); err == nil {
		t.Error("a non-RFC 3339 value must be refused")
	}

	var v struct {
		At   *graph.DateTime `json:"at"`
		Null *graph.DateTime `json:"null"`
	}
	if err := json.Unmarshal([]byte(`{"at":"2026-03-02T08:00:00.12Z","null":null}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.At.String() != "2026-03-02T08:00:00.12Z" || v.Null != nil {
		t.Errorf("decoded %+v", v)
	}
	out, _ := json.Marshal(v.At)
	if string(out) != `"2026-03-02T08:00:00.12Z"` {
		t.Errorf("encoded %s", out)
	}
	if err := json.Unmarshal([]byte(`{"at":"yesterday"}`), &v); err == nil {
		t.Error("decoding a bad date-time must fail")
	}
}
