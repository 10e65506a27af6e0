package cloudapi

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/waack/waack/internal/flex"
	"github.com/waack/waack/internal/wire"
)

// statusBatch is a status body as Meta sends it, conversation and pricing
// included.
const statusBatch = `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":` +
	`{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},` +
	`"statuses":[{"id":"wamid.A","status":"delivered","timestamp":"1750263773","recipient_id":"16505551234",` +
	`"conversation":{"id":"6ceb9d929c6a4d3d8ba1b5a2e1d8b1c0","origin":{"type":"utility"}},` +
	`"pricing":{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"}},` +
	`{"id":"wamid.B","status":"failed","timestamp":1750263774,"recipient_user_id":"US.1","biz_opaque_callback_data":"t\u00e9",` +
	`"errors":[{"code":131047,"title":"Re-engagement message","message":"m","error_data":{"details":"d"}}]},null]` +
	`,"errors":[{"code":"130429","title":"Rate limit hit"}]},"field":"messages"}]}]}`

// slowDecode is the parser's encoding/json path.
func slowDecode(body []byte) (notification, error) {
	var n notification
	err := flex.DecodeObject(name, body, &n)
	return n, err
}

// checkSame fails unless decodeStatuses, when it accepts body, decodes
// exactly what encoding/json decodes.
func checkSame(t *testing.T, body []byte) bool {
	t.Helper()
	var fast notification
	if !decodeStatuses(body, &fast, new(scratch)) {
		if !reflect.DeepEqual(fast, notification{}) {
			t.Fatalf("refused body left %+v", fast)
		}
		return false
	}
	slow, err := slowDecode(body)
	if err != nil {
		t.Fatalf("fast path accepted a body encoding/json refuses (%v): %q", err, body)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast and encoding/json differ on %q:\nfast %+v\nslow %+v", body, fast, slow)
	}
	return true
}

func TestDecodeStatusesTakesTheHotShape(t *testing.T) {
	if !checkSame(t, []byte(statusBatch)) {
		t.Fatal("a status batch went to encoding/json")
	}
	if !checkSame(t, []byte(" \r\n{\"entry\":[]}\t")) {
		t.Fatal("an empty batch went to encoding/json")
	}
}

func TestDecodeStatusesRefusesWhatItDoesNotRepeat(t *testing.T) {
	for name, body := range map[string]string{
		"message":         `{"entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x"}]}}]}]}`,
		"key case":        `{"entry":[{"changes":[{"field":"messages","value":{"statuses":[{"ID":"x"}]}}]}]}`,
		"escaped key":     `{"entry":[{"changes":[{"field":"messages","value":{"statuses":[{"\u0069d":"x"}]}}]}]}`,
		"duplicate key":   `{"entry":[{"changes":[{"field":"messages","value":{"statuses":[{"id":"x","id":"y"}]}}]}]}`,
		"wrong type":      `{"entry":[{"changes":[{"field":1,"value":{}}]}]}`,
		"bad JSON":        `{"entry":[{"changes":[{"field":"messages",}]}]}`,
		"trailing":        `{"entry":[]} {}`,
		"not an object":   `["entry"]`,
		"invalid UTF-8":   "{\"entry\":[{\"changes\":[{\"field\":\"m\xffessages\"}]}]}",
		"control":         "{\"entry\":[{\"changes\":[{\"field\":\"a\tb\"}]}]}",
		"non-ASCII key":   `{"entr√y":[]}`,
		"kelvin fold":     "{\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{\"recipient_user_id\":\"a\",\"\u212aey\":1}]}}]}]}",
		"deep":            `{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`,
		"bad number":      `{"entry":[{"changes":[{"value":{"statuses":[{"timestamp":01}]}}]}]}`,
		"bad escape":      `{"entry":[{"changes":[{"field":"\x"}]}]}`,
		"truncated":       `{"entry":[{"changes":[{"field":"messages"`,
		"pricing bool":    `{"entry":[{"changes":[{"value":{"statuses":[{"pricing":{"billable":"yes"}}]}}]}]}`,
		"echoes":          `{"entry":[{"changes":[{"field":"smb_message_echoes","value":{"message_echoes":[]}}]}]}`,
		"contacts (null)": `{"entry":[{"changes":[{"value":{"contacts":null}}]}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			if checkSame(t, []byte(body)) {
				t.Fatalf("fast path accepted %q", body)
			}
		})
	}
}

// TestParseFastEqualsSlow parses every Cloud API fixture both ways and
// compares the events.
func TestParseFastEqualsSlow(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/webhooks/cloudapi/*.json")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range append(files, "") {
		body := []byte(statusBatch)
		if f != "" {
			var err error
			if body, err = os.ReadFile(f); err != nil {
				t.Fatal(err)
			}
		}
		checkSame(t, body)
		if fast, slow := events(t, body, true), events(t, body, false); !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%s: events differ:\nfast %+v\nslow %+v", f, fast, slow)
		}
	}
}

// events collects the events of body, through Parse or (fast false)
// through encoding/json alone.
func events(t *testing.T, body []byte, fast bool) []wire.Event {
	t.Helper()
	var out []wire.Event
	collect := func(ev *wire.Event) {
		e := *ev
		if e.Pricing != nil {
			p := *e.Pricing
			e.Pricing = &p
		}
		out = append(out, e)
	}
	if fast {
		if err := (Webhooks{}).Parse(body, collect); err != nil {
			t.Fatal(err)
		}
		return out
	}
	n, err := slowDecode(body)
	if err != nil {
		t.Fatal(err)
	}
	EmitEntries(n.Entry, false, collect)
	return out
}

// FuzzDecodeStatuses checks that the fast decoder never accepts a body
// encoding/json refuses and, when it accepts one, decodes exactly what
// encoding/json does.
func FuzzDecodeStatuses(f *testing.F) {
	f.Add([]byte(statusBatch))
	files, _ := filepath.Glob("../../testdata/webhooks/cloudapi/*.json")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"entry":[null,{"changes":null},{"changes":[null,{"field":null,"value":null}]}]}`))
	f.Add([]byte(`{"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":1.5e3},"statuses":[{"timestamp":"-1","status":"READ"}]}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		checkSame(t, body)
	})
}
