package wawp

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		{"reaction", "PUT", "/v2/send/reaction", d.React(wire.Reaction{To: testChat, MessageID: testMsgID, Emoji: "👍"})},
		{"unreaction", "PUT", "/v2/send/reaction", d.React(wire.Reaction{To: testChat, MessageID: testMsgID, Emoji: ""})},
		{"read", "POST", "/v2/send/seen", d.MarkRead(wire.Read{MessageID: testMsgID, Chat: testChat, Typing: false})},
		{"read_typing", "POST", "/v2/send/seen", d.MarkRead(wire.Read{MessageID: testMsgID, Chat: testChat, Typing: true})},
		{"read_group_derived_chat", "POST", "/v2/send/seen", d.MarkRead(wire.Read{MessageID: testGroupMsg, Chat: readChat(t, d, testGroupMsg), Typing: false})},
		{"text", "POST", "/v2/send/text", d.SendText(wire.Text{To: testChat, Body: "Thanks, we got your message.", ReplyTo: "", PreviewURL: false})},
		{"text_reply_preview", "POST", "/v2/send/text", d.SendText(wire.Text{To: testChat, Body: "Status: https://status.example.com/", ReplyTo: testMsgID, PreviewURL: true})},
		{"text_escaping", "POST", "/v2/send/text", d.SendText(wire.Text{To: testChat, Body: escapingText, ReplyTo: "", PreviewURL: false})},
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
	body := string(New(testInstance, testToken).SendText(wire.Text{To: testChat, Body: escapingText, ReplyTo: "", PreviewURL: false}).Body)
	assert.Contains(t, body, `"message":"Tom & Jerry <b>\"quoted\"</b> 😀👍🏽 \\ done"`)
}

func TestTypingAndPreviewAreIgnored(t *testing.T) {
	d := New(testInstance, testToken)
	assert.Equal(t, d.MarkRead(wire.Read{MessageID: testMsgID, Chat: testChat, Typing: false}), d.MarkRead(wire.Read{MessageID: testMsgID, Chat: testChat, Typing: true}))
	assert.Equal(t, d.SendText(wire.Text{To: testChat, Body: "x", ReplyTo: "", PreviewURL: false}), d.SendText(wire.Text{To: testChat, Body: "x", ReplyTo: "", PreviewURL: true}))
}

// readChat is the chat ReadChat derives from a serialized id.
func readChat(t *testing.T, d *Dialect, messageID string) string {
	t.Helper()
	chat, err := d.ReadChat(wire.Address{}, messageID)
	require.NoError(t, err)
	return chat
}

func TestReadChatPrefersTheGivenChat(t *testing.T) {
	d := New(testInstance, testToken)
	chat, err := d.ReadChat(wire.Address{Given: "999@c.us", Chat: "999@c.us"}, testMsgID)
	assert.NoError(t, err)
	assert.Equal(t, "999@c.us", chat)
	chat, err = d.ReadChat(wire.Address{Given: "+1 650", Phone: "1650"}, testMsgID)
	assert.NoError(t, err)
	assert.Equal(t, "1650@c.us", chat)
	assert.Equal(t, "16505551234@c.us", readChat(t, d, testMsgID))
	_, err = d.ReadChat(wire.Address{}, "3EB0ABC")
	var ie *wire.InputError
	if assert.ErrorAs(t, err, &ie, "a plain id gives no chat") {
		assert.Equal(t, wire.InvalidPhone, ie.Kind)
	}
	_, err = d.ReadChat(wire.Address{Given: "US.1", BSUID: "US.1"}, testMsgID)
	if assert.ErrorAs(t, err, &ie) {
		assert.Equal(t, wire.Unsupported, ie.Kind)
	}
}
