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
		{"reaction", d.React(testPhone, testWamid, "👍"), "sendReaction"},
		{"reaction_chat", d.React(testGroup, testWamid, "❤️"), "sendReaction"},
		{"unreaction", d.React(testPhone, testWamid, ""), "sendReaction"},
		{"read", d.MarkRead(testWamid, testPhone, false), "readMessage"},
		{"read_typing", d.MarkRead(testWamid, "", true), "readMessage"},
		{"text", d.SendText(testPhone, "Thanks, we got your message.", "", false), "sendMessage"},
		{"text_chat", d.SendText(testGroup, "Thanks, we got your message.", "", false), "sendMessage"},
		{"text_reply_preview", d.SendText(testPhone, "Status: https://status.example.com/", testWamid, true), "sendMessage"},
		{"text_escaping", d.SendText(testPhone, escapingText, "", false), "sendMessage"},
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
	body := string(New(testChannel, testToken).SendText(testPhone, escapingText, "", false).Body)
	assert.Contains(t, body, `"body":"Tom & Jerry <b>\"quoted\"</b> 😀👍🏽 \\ done"`)
}

func TestPhoneTypes(t *testing.T) {
	d := New(testChannel, testToken)
	assert.Contains(t, string(d.React(testPhone, testWamid, "👍").Body), `"phone":"16505551234"`,
		"sendReaction types phone as a string")
	assert.Contains(t, string(d.SendText(testPhone, "hi", "", false).Body), `"phone":16505551234`,
		"sendMessage types phone as an integer")
}

// Input the root package never sends must still build a valid body: what
// is not a JSON integer goes as a chat id.
func TestOddRecipientsNeverBreakTheBody(t *testing.T) {
	d := New(testChannel, testToken)
	for _, to := range []string{"", "0123", "+1650", "1e5", "abc", `"1"`} {
		for _, req := range []wire.Request{d.SendText(to, "hi", "", false), d.React(to, testWamid, "👍")} {
			body := string(req.Body)
			assert.Truef(t, json.Valid(req.Body), "%s", body)
			assert.NotContains(t, body, `"phone"`)
		}
	}
}

func TestPreviewURLAndChatAreIgnored(t *testing.T) {
	d := New(testChannel, testToken)
	assert.Equal(t, d.SendText(testPhone, "x", "", false), d.SendText(testPhone, "x", "", true))
	assert.Equal(t, d.MarkRead(testWamid, "", true), d.MarkRead(testWamid, testPhone, true))
}

func TestEachRequestHasItsOwnQuery(t *testing.T) {
	d := New(testChannel, testToken)
	d.MarkRead(testWamid, "", false).Query.Set("token", "changed")
	assert.Equal(t, testToken, d.MarkRead(testWamid, "", false).Query.Get("token"))
}
