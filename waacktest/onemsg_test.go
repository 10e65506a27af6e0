package waacktest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

func TestOneMsgHappyPath(t *testing.T) {
	srv := newServer(t)
	rcv := hook(t, srv, srv.OneMsg(), "hook-secret")
	in := srv.Inbound(srv.OneMsg(), customer, "Hola")
	require.True(t, strings.HasPrefix(in, "wamid."), in)

	// Reaction, phone as a string.
	a := oneMsg(t, srv, "sendReaction", js(t, map[string]string{"phone": customerDigits, "body": "🙏", "quotedMsgId": in}))
	require.Equal(t, 200, a.status, "%s", a.body)
	m := a.json(t)
	assert.Equal(t, true, m["sent"])
	assert.Equal(t, "Sent to "+customerDigits+"@c.us", m["message"])
	assert.Equal(t, "Message has been sent to the provider", m["description"])
	reactionID, _ := m["id"].(string)
	assert.True(t, strings.HasPrefix(reactionID, "wamid."), reactionID)
	assert.Equal(t, map[string]string{"business": "🙏"}, srv.Reactions(in))

	// Read with typing indicator.
	a = oneMsg(t, srv, "readMessage", js(t, map[string]any{"messageId": in, "typingIndicator": true}))
	require.Equal(t, 200, a.status, "%s", a.body)
	assert.JSONEq(t, `{"result":"success"}`, string(a.body))
	assert.True(t, srv.IsRead(in))

	// Text, phone as a number, quoting.
	a = oneMsg(t, srv, "sendMessage", `{"phone":16505551234,"body":"Gracias","quotedMsgId":"`+in+`"}`)
	require.Equal(t, 200, a.status, "%s", a.body)
	textID, _ := a.json(t)["id"].(string)
	require.NotEmpty(t, textID)

	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 4)
	for _, p := range posts {
		assert.Equal(t, "hook-secret", p.query.Get("secret"))
		assert.Equal(t, "1", p.query.Get("x"))
		assert.Empty(t, p.header.Get("X-Hub-Signature-256"))
	}
	msg := decode(t, posts[0].body)
	assert.Equal(t, "SBX371267300", msg["instanceId"])
	assert.Equal(t, map[string]any{
		"id": in, "body": "Hola", "type": "chat", "fromMe": false, "self": float64(0),
		"time": float64(srv.Now().Unix()), "chatId": customerDigits + "@c.us", "author": customerDigits + "@c.us",
		"senderName": "Customer 1234", "chatName": "Customer 1234", "quotedMsgId": nil, "isForwarded": false,
	}, get(t, msg, "messages", 0))
	var acks []string
	for _, p := range posts[1:] {
		ack := get(t, decode(t, p.body), "ack", 0)
		acks = append(acks, ack.(map[string]any)["id"].(string)+" "+ack.(map[string]any)["status"].(string))
		assert.Equal(t, customerDigits, get(t, ack, "phone"))
		assert.Equal(t, customerDigits+"@c.us", get(t, ack, "chatId"))
	}
	assert.Equal(t, []string{reactionID + " sent", textID + " sent", textID + " delivered"}, acks)
}

func TestOneMsgFormBodyAndChatID(t *testing.T) {
	srv := newServer(t)
	srv.Inbound(srv.OneMsg(), customer, "hi")
	form := url.Values{"chatId": {customerDigits + "@c.us"}, "body": {"Hello from a form"}}
	a := do(t, http.MethodPost, oneMsgURL(srv, "sendMessage"), form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	require.Equal(t, 200, a.status, "%s", a.body)
	assert.Equal(t, true, a.json(t)["sent"])
	chat, _ := srv.Chat(srv.OneMsg(), customer)
	assert.Equal(t, "Hello from a form", chat.Messages[1].Text)
	assert.Equal(t, customerDigits+"@c.us", chat.ChatID)

	// The bearer header the official n8n node uses works as well.
	c := srv.OneMsg()
	a = do(t, http.MethodPost, c.BaseURL+"/"+c.ChannelID+"/sendMessage", `{"chatId":"16505551234@c.us","body":"x"}`,
		"Authorization", "Bearer "+c.Token)
	assert.Equal(t, 200, a.status, "%s", a.body)
}

func TestOneMsgInboundReactionWebhook(t *testing.T) {
	srv := newServer(t)
	srv.Inbound(srv.OneMsg(), customer, "hi")
	a := oneMsg(t, srv, "sendMessage", `{"phone":16505551234,"body":"hello"}`)
	textID := a.json(t)["id"].(string)
	rcv := hook(t, srv, srv.OneMsg(), "")
	id := srv.React(srv.OneMsg(), customer, textID, "👍")
	require.NotEmpty(t, id)
	assert.Equal(t, map[string]string{customerDigits: "👍"}, srv.Reactions(textID))
	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 1)
	assert.NotContains(t, posts[0].query, "secret", "no secret, no parameter")
	item := get(t, decode(t, posts[0].body), "messages", 0)
	assert.Equal(t, "reaction", get(t, item, "type"))
	assert.Equal(t, "👍", get(t, item, "body"))
	assert.Equal(t, textID, get(t, item, "quotedMsgId"))
	assert.Equal(t, id, get(t, item, "id"))
	chat, _ := srv.Chat(srv.OneMsg(), customer)
	assert.Equal(t, waacktest.TypeReaction, chat.Messages[2].Type)
	assert.Equal(t, waacktest.FromCustomer, chat.Messages[2].Direction)
}
