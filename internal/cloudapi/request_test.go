package cloudapi

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/internal/wire"
)

const (
	testPhone = "16505551234"
	testWamid = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA="
	testBSUID = "US.13491208655302741918"
	// escapingText proves bodies are not HTML-escaped and keep emoji,
	// quotes and backslashes exactly as JSON needs them.
	escapingText = `Tom & Jerry <b>"quoted"</b> 😀👍🏽 \ done`
)

// goldenRequests is every request shape this dialect sends, by golden file
// name; the OpenAPI test validates the same files.
func goldenRequests(d *Dialect) map[string]wire.Request {
	return map[string]wire.Request{
		"reaction":           d.React(wire.Reaction{To: testPhone, MessageID: testWamid, Emoji: "👍"}),
		"unreaction":         d.React(wire.Reaction{To: testPhone, MessageID: testWamid, Emoji: ""}),
		"read":               d.MarkRead(wire.Read{MessageID: testWamid, Chat: testPhone, Typing: false}),
		"read_typing":        d.MarkRead(wire.Read{MessageID: testWamid, Chat: "", Typing: true}),
		"text":               d.SendText(wire.Text{To: testPhone, Body: "Thanks, we got your message.", ReplyTo: "", PreviewURL: false}),
		"text_reply_preview": d.SendText(wire.Text{To: testPhone, Body: "Status: https://status.example.com/", ReplyTo: testWamid, PreviewURL: true}),
		"text_escaping":      d.SendText(wire.Text{To: testPhone, Body: escapingText, ReplyTo: "", PreviewURL: false}),
		// A customer known only by a business-scoped user id is addressed by
		// "recipient" instead of "to"; tracking ids ride as
		// biz_opaque_callback_data.
		"reaction_bsuid":      d.React(wire.Reaction{To: testBSUID, MessageID: testWamid, Emoji: "👍", TrackingID: "ack-1"}),
		"text_bsuid_tracking": d.SendText(wire.Text{To: testBSUID, Body: "Thanks, we got your message.", TrackingID: "order-42"}),
	}
}

func TestRequestsMatchGoldenFiles(t *testing.T) {
	for name, req := range goldenRequests(New("v23.0", "106540352242922")) {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, "POST", req.Method)
			assert.Equal(t, "/v23.0/106540352242922/messages", req.Path)
			assert.Empty(t, req.Query, "Cloud API carries its token in a header, never in the query")
			testkit.JSON(t, name, req.Body)
		})
	}
}

func TestTextIsNotHTMLEscaped(t *testing.T) {
	body := string(New("v23.0", "1").SendText(wire.Text{To: testPhone, Body: escapingText, ReplyTo: "", PreviewURL: false}).Body)
	assert.Contains(t, body, `"body":"Tom & Jerry <b>\"quoted\"</b> 😀👍🏽 \\ done"`)
}

func TestMarkReadIgnoresChat(t *testing.T) {
	d := New("v23.0", "1")
	assert.Equal(t, d.MarkRead(wire.Read{MessageID: testWamid, Chat: "", Typing: true}), d.MarkRead(wire.Read{MessageID: testWamid, Chat: testPhone, Typing: true}))
}

func TestPathUsesVersionAndPhoneNumberID(t *testing.T) {
	assert.Equal(t, "/v25.0/42/messages", New("v25.0", "42").React(wire.Reaction{To: testPhone, MessageID: testWamid, Emoji: "👍"}).Path)
}
