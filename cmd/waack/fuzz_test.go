package main

import (
	"encoding/json"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/waack/waack"
)

// FuzzEventLine feeds webhook bodies through the three parsers and checks
// that what listen prints of any event is one printable line and valid JSON.
func FuzzEventLine(f *testing.F) {
	f.Add([]byte(cloudBody))
	f.Add([]byte(`{"messages":[{"id":"m\u001b[2J","body":"x\ny","type":"chat","author":"16505551234@c.us","senderName":"Eve\u2028"}],"ack":[{"id":"a","status":"failed","error":"line1\nline2"}]}`))
	f.Add([]byte(`{"event":"message.reaction","payload":{"id":"r","from":"16505551234@c.us","reaction":{"text":"\u00ff","messageId":"m"}}}`))
	f.Add([]byte("{\"event\":\"message\",\"payload\":{\"id\":\"\xff\",\"body\":\"\x00\"}}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, parse := range []func([]byte) ([]waack.Event, error){waack.ParseCloudAPIWebhook, waack.ParseOneMsgWebhook, waack.ParseWawpWebhook} {
			events, _ := parse(body)
			for _, ev := range events {
				line := eventLine(ev, "reaction \u2028"+string(body))
				if !utf8.ValidString(line) {
					t.Fatalf("invalid UTF-8 in %q", line)
				}
				for _, r := range line {
					if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
						t.Fatalf("control character %U in %q", r, line)
					}
				}
				if _, err := json.Marshal(newEventJSON(ev, time.Time{})); err != nil {
					t.Fatalf("event JSON: %v", err)
				}
			}
		}
	})
}
