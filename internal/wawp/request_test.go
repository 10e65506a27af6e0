package wawp

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/internal/wire"
)

const (
	testInstance = "123456789012"
	testToken    = "acc3ss-secret"
	testChat     = "16505551234@c.us"
	testMsgID    = "false_16505551234@c.us_3EB0C767D097B7C7C030"
	testGroupMsg = "false_120363040000000000@g.us_AAAA1234_33333333333@c.us"
	// escapingText proves bodies are not HTML-escaped and keep emoji,
	// quotes and backslashes exactly as JSON needs them.
	escapingText = `Tom & Jerry <b>"quoted"</b> 😀👍🏽 \ done`
)

func TestRequestsMatchGoldenFiles(t *testing.T) {
	d := New(testInstance, testToken)
	cases := []struct {
		name, method, path string
		req                wire.Request
	}{
		{"reaction", "PUT", "/v2/send/reaction", d.React(testChat, testMsgID, "👍")},
		{"unreaction", "PUT", "/v2/send/reaction", d.React(testChat, testMsgID, "")},
		{"read", "POST", "/v2/send/seen", d.MarkRead(testMsgID, testChat, false)},
		{"read_typing", "POST", "/v2/send/seen", d.MarkRead(testMsgID, testChat, true)},
		{"read_group_derived_chat", "POST", "/v2/send/seen", d.MarkRead(testGroupMsg, "", false)},
		{"text", "POST", "/v2/send/text", d.SendText(testChat, "Thanks, we got your message.", "", false)},
		{"text_reply_preview", "POST", "/v2/send/text", d.SendText(testChat, "Status: https://status.example.com/", testMsgID, true)},
		{"text_escaping", "POST", "/v2/send/text", d.SendText(testChat, escapingText, "", false)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.method, tc.req.Method)
			assert.Equal(t, tc.path, tc.req.Path)
			assert.Equal(t, url.Values{"instance_id": {testInstance}, "access_token": {testToken}}, tc.req.Query)
			testkit.JSON(t, tc.name, tc.req.Body)
		})
	}
}

func TestTextIsNotHTMLEscaped(t *testing.T) {
	body := string(New(testInstance, testToken).SendText(testChat, escapingText, "", false).Body)
	assert.Contains(t, body, `"message":"Tom & Jerry <b>\"quoted\"</b> 😀👍🏽 \\ done"`)
}

func TestTypingAndPreviewAreIgnored(t *testing.T) {
	d := New(testInstance, testToken)
	assert.Equal(t, d.MarkRead(testMsgID, testChat, false), d.MarkRead(testMsgID, testChat, true))
	assert.Equal(t, d.SendText(testChat, "x", "", false), d.SendText(testChat, "x", "", true))
}

func TestMarkReadPrefersTheGivenChat(t *testing.T) {
	d := New(testInstance, testToken)
	assert.Contains(t, string(d.MarkRead(testMsgID, "999@c.us", false).Body), `"chatId":"999@c.us"`)
	assert.Contains(t, string(d.MarkRead(testMsgID, "", false).Body), `"chatId":"16505551234@c.us"`)
	assert.Contains(t, string(d.MarkRead("3EB0ABC", "", false).Body), `"chatId":""`,
		"a plain id gives no chat; the root package supplies one")
}
