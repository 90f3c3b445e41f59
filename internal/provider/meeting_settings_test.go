package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// sample fills every pointer of v (a struct) with a value: "x" for
// strings, true for Booleans, and nested structs in the same way.
func sample(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Pointer {
			continue
		}
		p := reflect.New(f.Type().Elem())
		switch p.Elem().Kind() {
		case reflect.String:
			p.Elem().SetString("x")
		case reflect.Bool:
			p.Elem().SetBool(true)
		case reflect.Struct:
			sample(p.Elem())
		}
		f.Set(p)
	}
}

// TestMeetingSettingsCoverGraph: every field of graph.MeetingSettings has
// an entry in meetingSettings that reads it into the state and writes it
// back into a PATCH, and no entry stands for two fields. A field added to
// the struct without its entry fails here.
func TestMeetingSettingsCoverGraph(t *testing.T) {
	ctx := context.Background()
	typ := reflect.TypeFor[graph.MeetingSettings]()
	for i := range typ.NumField() {
		field := typ.Field(i)
		t.Run(field.Name, func(t *testing.T) {
			var all, only graph.MeetingSettings
			sample(reflect.ValueOf(&all).Elem())
			reflect.ValueOf(&only).Elem().Field(i).Set(reflect.ValueOf(all).Field(i))

			values := readSettings(meetingSettings, &only)
			known := 0
			for _, v := range values {
				if !v.IsNull() {
					known++
				}
			}
			if known != 1 {
				t.Fatalf("reading only %s gives %d known attributes, want 1: %v", field.Name, known, values)
			}
			var written graph.MeetingSettings
			if d := writeSettings(ctx, meetingSettings, &written, values, map[string]attr.Value{}); d.HasError() {
				t.Fatal(d)
			}
			if !reflect.DeepEqual(written, only) {
				t.Errorf("written back: %+v, want %+v", written, only)
			}
		})
	}
	if got, want := len(settingsAttributes(meetingSettings)), typ.NumField(); got != want {
		t.Errorf("meetingSettings has %d attributes for %d fields of graph.MeetingSettings", got, want)
	}
}
