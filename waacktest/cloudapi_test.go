package waacktest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

func TestCloudAPIHappyPath(t *testing.T) {
	srv := newServer(t)
	rcv := hook(t, srv, srv.CloudAPI(), "app-secret")
	in := srv.Inbound(srv.CloudAPI(), customer, "Hi, my order is late")
	require.True(t, strings.HasPrefix(in, "wamid."), in)

	// Reaction.
	a := cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual",
		"to": "+16505551234", "type": "reaction", "reaction": map[string]string{"message_id": in, "emoji": "👍"}}))
	require.Equal(t, 200, a.status, "%s", a.body)
	m := a.json(t)
	assert.Equal(t, "whatsapp", m["messaging_product"])
	assert.Equal(t, "+16505551234", get(t, m, "contacts", 0, "input"))
	assert.Equal(t, customerDigits, get(t, m, "contacts", 0, "wa_id"))
	reactionID, _ := get(t, m, "messages", 0, "id").(string)
	assert.True(t, strings.HasPrefix(reactionID, "wamid."), reactionID)
	assert.Equal(t, map[string]string{"business": "👍"}, srv.Reactions(in))

	// Read with typing indicator.
	a = cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": in,
		"typing_indicator": map[string]string{"type": "text"}}))
	require.Equal(t, 200, a.status, "%s", a.body)
	assert.JSONEq(t, `{"success":true}`, string(a.body))
	assert.True(t, srv.IsRead(in))
	chat, ok := srv.Chat(srv.CloudAPI(), customer)
	require.True(t, ok)
	assert.Equal(t, srv.Now().Add(25e9), chat.TypingUntil)

	// Text reply, quoting the customer.
	a = cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual",
		"to": customerDigits, "type": "text", "text": map[string]any{"body": "On it!", "preview_url": false},
		"context": map[string]string{"message_id": in}}))
	require.Equal(t, 200, a.status, "%s", a.body)
	textID, _ := get(t, a.json(t), "messages", 0, "id").(string)

	chat, _ = srv.Chat(srv.CloudAPI(), customerDigits)
	assert.True(t, chat.TypingUntil.IsZero(), "a reply dismisses the typing indicator")
	require.Len(t, chat.Messages, 3)
	assert.Equal(t, waacktest.Message{ID: textID, Direction: waacktest.FromBusiness, Type: waacktest.TypeText,
		Text: "On it!", Ref: in, Time: srv.Now(), Status: waack.StatusDelivered}, chat.Messages[2])
	assert.Equal(t, customerDigits, chat.ChatID)

	// Webhooks: the inbound message, the reaction's sent, the text's sent
	// and delivered; all signed.
	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 4)
	for _, p := range posts {
		assert.Equal(t, sign(p.body, "app-secret"), p.header.Get("X-Hub-Signature-256"))
		assert.Equal(t, "1", p.query.Get("x"), "the registered query is kept")
		assert.Empty(t, p.query.Get("secret"), "Cloud API signs, it does not put the secret in the URL")
	}
	msg := decode(t, posts[0].body)
	assert.Equal(t, "whatsapp_business_account", msg["object"])
	value := get(t, msg, "entry", 0, "changes", 0, "value")
	assert.Equal(t, "messages", get(t, msg, "entry", 0, "changes", 0, "field"))
	assert.Equal(t, "Hi, my order is late", get(t, value, "messages", 0, "text", "body"))
	assert.Equal(t, in, get(t, value, "messages", 0, "id"))
	assert.Equal(t, customerDigits, get(t, value, "contacts", 0, "wa_id"))

	var got []string
	for _, p := range posts[1:] {
		st := get(t, decode(t, p.body), "entry", 0, "changes", 0, "value", "statuses", 0)
		got = append(got, get(t, st, "id").(string)+" "+get(t, st, "status").(string))
	}
	assert.Equal(t, []string{reactionID + " sent", textID + " sent", textID + " delivered"}, got)

	// The customer reads the reply.
	require.True(t, srv.Read(textID))
	flush(t, srv)
	posts = rcv.all()
	require.Len(t, posts, 5)
	assert.Equal(t, "read", get(t, decode(t, posts[4].body), "entry", 0, "changes", 0, "value", "statuses", 0, "status"))
}

func TestCloudAPIWebhookEscapesLikeMeta(t *testing.T) {
	srv := newServer(t)
	rcv := hook(t, srv, srv.CloudAPI(), "s")
	srv.Inbound(srv.CloudAPI(), customer, "äöå 😀 https://x.example/")
	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 1)
	body := string(posts[0].body)
	assert.Contains(t, body, `\u00e4\u00f6\u00e5 \ud83d\ude00 https:\/\/x.example\/`)
	assert.Equal(t, "äöå 😀 https://x.example/", get(t, decode(t, posts[0].body), "entry", 0, "changes", 0, "value", "messages", 0, "text", "body"))
}

func TestCloudAPIInboundReactionWebhook(t *testing.T) {
	srv := newServer(t)
	srv.Inbound(srv.CloudAPI(), customer, "hi")
	a := cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual",
		"to": customerDigits, "type": "text", "text": map[string]any{"body": "hello"}}))
	require.Equal(t, 200, a.status)
	textID := get(t, a.json(t), "messages", 0, "id").(string)
	rcv := hook(t, srv, srv.CloudAPI(), "s")

	id := srv.React(srv.CloudAPI(), customer, textID, "❤️")
	require.NotEmpty(t, id)
	require.NotEmpty(t, srv.React(srv.CloudAPI(), customer, textID, ""))
	assert.Empty(t, srv.Reactions(textID))
	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 2)
	set := get(t, decode(t, posts[0].body), "entry", 0, "changes", 0, "value", "messages", 0)
	assert.Equal(t, "reaction", get(t, set, "type"))
	assert.Equal(t, map[string]any{"message_id": textID, "emoji": "❤️"}, get(t, set, "reaction"))
	removed := get(t, decode(t, posts[1].body), "entry", 0, "changes", 0, "value", "messages", 0, "reaction")
	assert.Equal(t, map[string]any{"message_id": textID}, removed, "a removal has no emoji field")
}
