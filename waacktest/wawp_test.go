package waacktest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWawpHappyPath(t *testing.T) {
	srv := newServer(t)
	rcv := hook(t, srv, srv.Wawp(), "wawp-secret")
	in := srv.Inbound(srv.Wawp(), customer, "Olá")
	require.True(t, strings.HasPrefix(in, "false_"+customerDigits+"@c.us_"), in)
	chatID := customerDigits + "@c.us"

	a := wawp(t, srv, http.MethodPut, "/v2/send/reaction", js(t, map[string]string{"chatId": chatID, "messageId": in, "reaction": "❤️"}))
	require.Equal(t, 200, a.status, "%s", a.body)
	reactionID, _ := a.json(t)["id"].(string)
	assert.True(t, strings.HasPrefix(reactionID, "true_"+chatID+"_"), reactionID)
	assert.Equal(t, map[string]string{"business": "❤️"}, srv.Reactions(in))

	a = wawp(t, srv, http.MethodPost, "/v2/send/seen", js(t, map[string]any{"chatId": chatID, "messageIds": []string{in}}))
	require.Equal(t, 200, a.status, "%s", a.body)
	assert.JSONEq(t, `{}`, string(a.body))
	assert.True(t, srv.IsRead(in))

	// Credentials in the body instead of the query, as the Wawp MCP server sends them.
	c := srv.Wawp()
	a = do(t, http.MethodPost, c.BaseURL+"/v2/send/text", js(t, map[string]string{
		"instance_id": c.InstanceID, "access_token": c.AccessToken, "chatId": chatID, "message": "Obrigado", "reply_to": in}))
	require.Equal(t, 200, a.status, "%s", a.body)
	m := a.json(t)
	textID, _ := get(t, m, "id", "_serialized").(string)
	assert.True(t, strings.HasPrefix(textID, "true_"+chatID+"_"), textID)
	assert.Equal(t, true, get(t, m, "id", "fromMe"))
	assert.Equal(t, chatID, get(t, m, "id", "remote"))
	assert.Equal(t, textID, get(t, m, "_data", "id", "_serialized"))
	assert.Equal(t, "Obrigado", m["body"])
	assert.Equal(t, float64(0), m["ack"])
	assert.Equal(t, true, m["hasQuotedMsg"])

	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 4)
	for _, p := range posts {
		assert.Equal(t, "wawp-secret", p.query.Get("secret"))
	}
	msg := decode(t, posts[0].body)
	assert.Equal(t, "message", msg["event"])
	assert.Equal(t, "SANDBOX00001", msg["session"])
	assert.Equal(t, float64(srv.Now().UnixMilli()), msg["timestamp"])
	assert.True(t, strings.HasPrefix(msg["id"].(string), "evt_"))
	assert.Equal(t, srv.BusinessPhone()+"@c.us", get(t, msg, "me", "id"))
	assert.Equal(t, in, get(t, msg, "payload", "id"))
	assert.Equal(t, chatID, get(t, msg, "payload", "from"))
	assert.Equal(t, false, get(t, msg, "payload", "fromMe"))
	assert.Equal(t, "Olá", get(t, msg, "payload", "body"))
	assert.Equal(t, false, get(t, msg, "payload", "hasMedia"))

	var acks []string
	for _, p := range posts[1:] {
		ev := decode(t, p.body)
		assert.Equal(t, "message.ack", ev["event"])
		acks = append(acks, get(t, ev, "payload", "id").(string)+" "+get(t, ev, "payload", "ackName").(string))
		assert.Equal(t, true, get(t, ev, "payload", "fromMe"))
	}
	assert.Equal(t, []string{reactionID + " SERVER", textID + " SERVER", textID + " DEVICE"}, acks)
}

func TestWawpSeenWholeChat(t *testing.T) {
	srv := newServer(t)
	first := srv.Inbound(srv.Wawp(), customer, "one")
	second := srv.Inbound(srv.Wawp(), customer, "two")
	a := wawp(t, srv, http.MethodPost, "/v2/send/seen", `{"chatId":"16505551234@c.us"}`)
	require.Equal(t, 200, a.status, "%s", a.body)
	assert.True(t, srv.IsRead(first))
	assert.True(t, srv.IsRead(second))
}

func TestWawpInboundReactionAndReplyWebhooks(t *testing.T) {
	srv := newServer(t)
	srv.Inbound(srv.Wawp(), customer, "hi")
	a := wawp(t, srv, http.MethodPost, "/v2/send/text", `{"chatId":"16505551234@c.us","message":"hello"}`)
	textID := get(t, a.json(t), "id", "_serialized").(string)
	rcv := hook(t, srv, srv.Wawp(), "s")
	require.NotEmpty(t, srv.React(srv.Wawp(), customer, textID, "😂"))
	reply := srv.InboundReply(srv.Wawp(), customer, "about that", textID)
	require.NotEmpty(t, reply)
	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 2)
	ev := decode(t, posts[0].body)
	assert.Equal(t, "message.reaction", ev["event"])
	assert.Equal(t, map[string]any{"text": "😂", "messageId": textID}, get(t, ev, "payload", "reaction"))
	ev = decode(t, posts[1].body)
	assert.Equal(t, map[string]any{"id": textID, "body": "hello"}, get(t, ev, "payload", "replyTo"))
}
