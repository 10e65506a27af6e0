package onemsg

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/internal/wire"
)

const (
	testChannel = "ODI371267300"
	testToken   = "tok3n-secret"
	testPhone   = "16505551234"
	testGroup   = "120363040000000000@g.us"
	testWamid   = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA="
	// escapingText proves bodies are not HTML-escaped and keep emoji,
	// quotes and backslashes exactly as JSON needs them.
	escapingText = `Tom & Jerry <b>"quoted"</b> 😀👍🏽 \ done`
)

func TestRequestsMatchGoldenFiles(t *testing.T) {
	d := New(testChannel, testToken)
	cases := []struct {
		name   string
		req    wire.Request
		method string
	}{
		{"reaction", d.React(wire.Reaction{To: testPhone, MessageID: testWamid, Emoji: "👍"}), "sendReaction"},
		{"reaction_chat", d.React(wire.Reaction{To: testGroup, MessageID: testWamid, Emoji: "❤️"}), "sendReaction"},
		{"unreaction", d.React(wire.Reaction{To: testPhone, MessageID: testWamid, Emoji: ""}), "sendReaction"},
		{"read", d.MarkRead(wire.Read{MessageID: testWamid, Chat: testPhone, Typing: false}), "readMessage"},
		{"read_typing", d.MarkRead(wire.Read{MessageID: testWamid, Chat: "", Typing: true}), "readMessage"},
		{"text", d.SendText(wire.Text{To: testPhone, Body: "Thanks, we got your message.", ReplyTo: "", PreviewURL: false}), "sendMessage"},
		{"text_chat", d.SendText(wire.Text{To: testGroup, Body: "Thanks, we got your message.", ReplyTo: "", PreviewURL: false}), "sendMessage"},
		{"text_reply_preview", d.SendText(wire.Text{To: testPhone, Body: "Status: https://status.example.com/", ReplyTo: testWamid, PreviewURL: true}), "sendMessage"},
		{"text_escaping", d.SendText(wire.Text{To: testPhone, Body: escapingText, ReplyTo: "", PreviewURL: false}), "sendMessage"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, "POST", tc.req.Method)
			assert.Equal(t, "/"+testChannel+"/"+tc.method, tc.req.Path)
			assert.Equal(t, url.Values{"token": {testToken}}, tc.req.Query)
			testkit.JSON(t, tc.name, tc.req.Body)
		})
	}
}

func TestTextIsNotHTMLEscaped(t *testing.T) {
	body := string(New(testChannel, testToken).SendText(wire.Text{To: testPhone, Body: escapingText, ReplyTo: "", PreviewURL: false}).Body)
	assert.Contains(t, body, `"body":"Tom & Jerry <b>\"quoted\"</b> 😀👍🏽 \\ done"`)
}

func TestPhoneTypes(t *testing.T) {
	d := New(testChannel, testToken)
	assert.Contains(t, string(d.React(wire.Reaction{To: testPhone, MessageID: testWamid, Emoji: "👍"}).Body), `"phone":"16505551234"`,
		"sendReaction types phone as a string")
	assert.Contains(t, string(d.SendText(wire.Text{To: testPhone, Body: "hi", ReplyTo: "", PreviewURL: false}).Body), `"phone":16505551234`,
		"sendMessage types phone as an integer")
}

// Input the root package never sends must still build a valid body: what
// is not a JSON integer goes as a chat id.
func TestOddRecipientsNeverBreakTheBody(t *testing.T) {
	d := New(testChannel, testToken)
	for _, to := range []string{"", "0123", "+1650", "1e5", "abc", `"1"`} {
		for _, req := range []wire.Request{d.SendText(wire.Text{To: to, Body: "hi", ReplyTo: "", PreviewURL: false}), d.React(wire.Reaction{To: to, MessageID: testWamid, Emoji: "👍"})} {
			body := string(req.Body)
			assert.Truef(t, json.Valid(req.Body), "%s", body)
			assert.NotContains(t, body, `"phone"`)
		}
	}
}

func TestPreviewURLAndChatAreIgnored(t *testing.T) {
	d := New(testChannel, testToken)
	assert.Equal(t, d.SendText(wire.Text{To: testPhone, Body: "x", ReplyTo: "", PreviewURL: false}), d.SendText(wire.Text{To: testPhone, Body: "x", ReplyTo: "", PreviewURL: true}))
	assert.Equal(t, d.MarkRead(wire.Read{MessageID: testWamid, Chat: "", Typing: true}), d.MarkRead(wire.Read{MessageID: testWamid, Chat: testPhone, Typing: true}))
}

func TestEachRequestHasItsOwnQuery(t *testing.T) {
	d := New(testChannel, testToken)
	d.MarkRead(wire.Read{MessageID: testWamid, Chat: "", Typing: false}).Query.Set("token", "changed")
	assert.Equal(t, testToken, d.MarkRead(wire.Read{MessageID: testWamid, Chat: "", Typing: false}).Query.Get("token"))
}
