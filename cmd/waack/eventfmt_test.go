package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

func TestEventLine(t *testing.T) {
	failed := &waack.APIError{Provider: "cloudapi", Op: waack.OpWebhook, Code: 131009, Title: "Parameter value is not valid", Details: "too\nold"}
	for want, ev := range map[string]waack.Event{
		`message   wamid.A  from 16505551234 (Alexey), replying to wamid.Z: "two\nlines"`: waack.MessageEvent{Provider: "cloudapi", ID: "wamid.A", From: "16505551234", ContactName: "Alexey", ReplyTo: "wamid.Z", Type: "text", Text: "two\nlines"},
		`message   m1  from -, image`:                       waack.MessageEvent{Provider: "wawp", ID: "m1", Type: "image"},
		`message   m2  from 16505551234: "hi"`:              waack.MessageEvent{Provider: "1msg", ID: "m2", From: "16505551234", Type: "chat", Text: "hi"},
		`reaction  r1  from 16505551234 on wamid.A: 👍`:      waack.ReactionEvent{ID: "r1", From: "16505551234", MessageID: "wamid.A", Emoji: "👍"},
		`reaction  -  from 16505551234 on wamid.A: removed`: waack.ReactionEvent{From: "16505551234", MessageID: "wamid.A", Removed: true},
		`status    wamid.B  to 16505551234: read`:           waack.StatusEvent{MessageID: "wamid.B", Recipient: "16505551234", Status: waack.StatusRead},
		`status    wamid.C  to -: failed — waack: cloudapi webhook: Parameter value is not valid (code 131009): too old`: waack.StatusEvent{MessageID: "wamid.C", Status: waack.StatusFailed, Err: failed},
		`error     waack: cloudapi webhook: Parameter value is not valid (code 131009): too old`:                         waack.ErrorEvent{Err: failed},
	} {
		assert.Equal(t, want, eventLine(ev, ""))
	}
	assert.NotContains(t, eventLine(waack.StatusEvent{Status: waack.StatusFailed, Err: failed}, ""), "\n")
}

func TestEventLineEscapesControlCharacters(t *testing.T) {
	ev := waack.MessageEvent{ID: "m\x1b[2J", From: "1650\n5551234", ContactName: "Eve\u2028\x00", Text: "hi\x1b]0;pwned\x07"}
	assert.Equal(t, `message   m\x1b[2J  from 1650\n5551234 (Eve\u2028\x00): "hi\x1b]0;pwned\a"`, eventLine(ev, ""))
	assert.Equal(t, `a\xff\r\n b`, printable("a\xff\r\n b"))
	assert.Equal(t, "ok \uFFFD ✅", printable("ok \uFFFD ✅"), "a real U+FFFD is text, not an invalid byte")
}

func TestEventJSON(t *testing.T) {
	at := time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)
	ev := waack.StatusEvent{Provider: "cloudapi", MessageID: "wamid.C", Recipient: "16505551234", Status: waack.StatusFailed, Timestamp: at,
		Err: &waack.APIError{Provider: "cloudapi", Op: waack.OpWebhook, Code: 131047, Title: "Re-engagement message"}}
	b, err := json.Marshal(newEventJSON(ev, at))
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, "status", got["kind"])
	assert.Equal(t, "wamid.C", got["message_id"])
	assert.Equal(t, "failed", got["status"])
	assert.Equal(t, "2025-01-15T09:00:00Z", got["timestamp"])
	e := got["error"].(map[string]any)
	assert.Equal(t, float64(131047), e["code"])
	assert.Equal(t, []any{"ErrSessionWindowClosed"}, e["matches"])
}
