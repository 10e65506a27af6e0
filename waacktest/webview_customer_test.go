package waacktest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// customerPost calls a customer-control endpoint ("message", "react",
// "read") of the web view with a JSON body.
func customerPost(t *testing.T, srv *waacktest.Server, action string, body any) answer {
	t.Helper()
	a := do(t, http.MethodPost, srv.URL()+"/_waack/customer/"+action, js(t, body))
	assert.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"), "%s", a.body)
	return a
}

// customerID is the id a successful customer action answered.
func customerID(t *testing.T, a answer) string {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	id, _ := a.json(t)["id"].(string)
	require.NotEmpty(t, id, "%s", a.body)
	return id
}

// businessText sends a text to the customer through the SDK on provider p
// and returns its id.
func businessText(t *testing.T, p waack.Provider, body string) string {
	t.Helper()
	c, err := waack.New(p, waack.WithHTTPClient(client))
	require.NoError(t, err)
	sent, err := c.SendText(callCtx(t), waack.Text{To: customer, Body: body})
	require.NoError(t, err)
	require.NotEmpty(t, sent.ID)
	return sent.ID
}

// twins are two sandboxes with the same clock: what one does through the
// web view's endpoints and the other through the Go methods must give
// byte-identical webhooks.
func twins(t *testing.T) (viaWeb, viaGo *waacktest.Server) {
	t.Helper()
	start := time.Date(2025, 6, 1, 9, 30, 0, 0, time.UTC)
	viaWeb, viaGo = newServer(t, waacktest.WithStartTime(start)), newServer(t, waacktest.WithStartTime(start))
	for _, srv := range []*waacktest.Server{viaWeb, viaGo} {
		for _, p := range []waack.Provider{srv.CloudAPI(), srv.OneMsg(), srv.Wawp()} {
			hook(t, srv, p, "hook-secret")
		}
	}
	return viaWeb, viaGo
}

// sameWebhooks asserts both sandboxes POSTed the same webhook bodies.
func sameWebhooks(t *testing.T, viaWeb, viaGo *waacktest.Server, want int) {
	t.Helper()
	flush(t, viaWeb)
	flush(t, viaGo)
	web, direct := viaWeb.Deliveries(), viaGo.Deliveries()
	require.Len(t, web, want)
	require.Len(t, direct, want)
	for i := range web {
		assert.True(t, web[i].Delivered, "%+v", web[i])
		assert.Equal(t, direct[i].Provider, web[i].Provider)
		assert.Equal(t, string(direct[i].Body), string(web[i].Body))
	}
}

func TestCustomerMessageStartsAChatWithItsWebhook(t *testing.T) {
	for _, name := range []string{waack.ProviderCloudAPI, waack.ProviderOneMsg, waack.ProviderWawp} {
		t.Run(name, func(t *testing.T) {
			viaWeb, viaGo := twins(t)
			id := customerID(t, customerPost(t, viaWeb, "message", map[string]string{
				"provider": name, "from": "+1 650 555 1234", "text": "Hi! Where is my order? ✓"}))
			p := map[string]waack.Provider{"cloudapi": viaGo.CloudAPI(), "1msg": viaGo.OneMsg(), "wawp": viaGo.Wawp()}[name]
			assert.Equal(t, viaGo.Inbound(p, customer, "Hi! Where is my order? ✓"), id, "the same id as Inbound")

			c, ok := viaWeb.Chat(p, customerDigits)
			require.True(t, ok, "the message opened the chat")
			assert.Equal(t, name, c.Provider)
			require.Len(t, c.Messages, 1)
			assert.Equal(t, id, c.Messages[0].ID)
			assert.Equal(t, waacktest.FromCustomer, c.Messages[0].Direction)
			assert.Equal(t, "Hi! Where is my order? ✓", c.Messages[0].Text)
			assert.True(t, viaWeb.Now().Before(c.WindowOpenUntil), "it opened the 24-hour window")
			sameWebhooks(t, viaWeb, viaGo, 1)
		})
	}
}

func TestCustomerMessageReplyTo(t *testing.T) {
	viaWeb, viaGo := twins(t)
	var reply string
	for _, srv := range []*waacktest.Server{viaWeb, viaGo} {
		srv.Inbound(srv.CloudAPI(), customer, "Hi")
		reply = businessText(t, srv.CloudAPI(), "Which order?")
	}
	id := customerID(t, customerPost(t, viaWeb, "message", map[string]string{
		"provider": "cloudapi", "from": customer, "text": "#1234", "replyTo": reply}))
	assert.Equal(t, viaGo.InboundReply(viaGo.CloudAPI(), customer, "#1234", reply), id)
	c, _ := viaWeb.Chat(viaWeb.CloudAPI(), customer)
	last := c.Messages[len(c.Messages)-1]
	assert.Equal(t, id, last.ID)
	assert.Equal(t, reply, last.Ref, "it quotes the business's text")
	sameWebhooks(t, viaWeb, viaGo, 4) // hi, the reply sent and delivered, #1234

	bad := customerPost(t, viaWeb, "message", map[string]string{
		"provider": "cloudapi", "from": customer, "text": "?", "replyTo": "wamid.nope"})
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Contains(t, bad.json(t)["error"], `replyTo: "wamid.nope" is not a text of this chat`)
	other := customerPost(t, viaWeb, "message", map[string]string{
		"provider": "wawp", "from": customer, "text": "?", "replyTo": reply})
	assert.Equal(t, http.StatusBadRequest, other.status, "a message of another chat cannot be quoted")
}

func TestCustomerReact(t *testing.T) {
	viaWeb, viaGo := twins(t)
	var reply string
	for _, srv := range []*waacktest.Server{viaWeb, viaGo} {
		srv.Inbound(srv.OneMsg(), customer, "Hi")
		reply = businessText(t, srv.OneMsg(), "Hello!")
	}
	flush(t, viaWeb)
	flush(t, viaGo)
	before := len(viaWeb.Deliveries())

	id := customerID(t, customerPost(t, viaWeb, "react", map[string]string{
		"provider": "1msg", "from": customer, "messageId": reply, "emoji": "❤️"}))
	assert.Equal(t, viaGo.React(viaGo.OneMsg(), customer, reply, "❤️"), id)
	assert.Equal(t, map[string]string{customerDigits: "❤️"}, viaWeb.Reactions(reply))

	removed := customerID(t, customerPost(t, viaWeb, "react", map[string]string{
		"provider": "1msg", "from": customer, "messageId": reply, "emoji": ""}))
	assert.Equal(t, viaGo.React(viaGo.OneMsg(), customer, reply, ""), removed)
	assert.Empty(t, viaWeb.Reactions(reply), "an empty emoji removes the reaction")
	sameWebhooks(t, viaWeb, viaGo, before+2)

	for _, tc := range []struct {
		body map[string]string
		want string
	}{
		{map[string]string{"provider": "1msg", "from": customer, "messageId": "wamid.nope", "emoji": "👍"}, `messageId: "wamid.nope" is not a text of this chat`},
		{map[string]string{"provider": "wawp", "from": customer, "messageId": reply, "emoji": "👍"}, "is not a text of this chat"},
		{map[string]string{"provider": "1msg", "from": customer, "messageId": id, "emoji": "👍"}, "is not a text of this chat"}, // a reaction
		{map[string]string{"provider": "1msg", "from": customer, "messageId": reply, "emoji": "ok"}, `emoji: "ok" is not one emoji`},
		{map[string]string{"provider": "1msg", "from": customer, "messageId": reply, "emoji": "👍👍"}, "is not one emoji"},
		{map[string]string{"provider": "1msg", "from": customer, "emoji": "👍"}, "messageId: missing"},
	} {
		a := customerPost(t, viaWeb, "react", tc.body)
		assert.Equal(t, http.StatusBadRequest, a.status, "%v: %s", tc.body, a.body)
		assert.Contains(t, a.json(t)["error"], tc.want, "%v", tc.body)
	}
	assert.Empty(t, viaWeb.Reactions(reply), "nothing refused changed anything")
}

func TestCustomerRead(t *testing.T) {
	viaWeb, viaGo := twins(t)
	var in, first, second string
	for _, srv := range []*waacktest.Server{viaWeb, viaGo} {
		in = srv.Inbound(srv.Wawp(), customer, "Hi")
		first = businessText(t, srv.Wawp(), "One")
		second = businessText(t, srv.Wawp(), "Two")
	}
	flush(t, viaWeb)
	flush(t, viaGo)
	before := len(viaWeb.Deliveries())

	a := customerPost(t, viaWeb, "read", map[string]string{"messageId": second})
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	assert.Equal(t, map[string]any{"read": true, "id": second}, a.json(t), "the answer names the text read")
	require.True(t, viaGo.Read(second))
	c, _ := viaWeb.Chat(viaWeb.Wawp(), customer)
	for _, m := range c.Messages {
		if m.ID == first || m.ID == second {
			assert.Equal(t, waack.StatusRead, m.Status, "reading the last reads the earlier ones too")
		}
	}
	sameWebhooks(t, viaWeb, viaGo, before+2)

	for _, id := range []string{"", "false_nope", in} {
		a := customerPost(t, viaWeb, "read", map[string]string{"messageId": id})
		assert.Equal(t, http.StatusBadRequest, a.status, "%q: %s", id, a.body)
		assert.Contains(t, a.json(t)["error"], "messageId:", id)
	}
}

func TestCustomerEndpointsRefuseBadRequests(t *testing.T) {
	srv := newServer(t)
	hook(t, srv, srv.CloudAPI(), "")
	good := map[string]string{
		"message": js(t, map[string]string{"provider": "cloudapi", "from": customer, "text": "hi"}),
		"react":   js(t, map[string]string{"provider": "cloudapi", "from": customer, "messageId": "wamid.x", "emoji": "👍"}),
		"read":    js(t, map[string]string{"messageId": "wamid.x"}),
	}
	errorOf := func(t *testing.T, a answer) string {
		t.Helper()
		assert.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"))
		msg, _ := a.json(t)["error"].(string)
		assert.NotEmpty(t, msg, "%s", a.body)
		return msg
	}
	for action, body := range good {
		t.Run(action, func(t *testing.T) {
			u := srv.URL() + "/_waack/customer/" + action
			for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
				a := do(t, method, u, body)
				assert.Equal(t, http.StatusMethodNotAllowed, a.status, method)
				assert.Equal(t, http.MethodPost, a.header.Get("Allow"))
				assert.Contains(t, errorOf(t, a), "use POST")
			}
			// What an HTML form can send, and no type at all.
			for _, ct := range []string{"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "", "application/json-seq", "json"} {
				a := do(t, http.MethodPost, u, body, "Content-Type", ct)
				assert.Equal(t, http.StatusUnsupportedMediaType, a.status, "%q", ct)
				assert.Contains(t, errorOf(t, a), "Content-Type: application/json", ct)
			}
			for _, bad := range []string{``, `{`, `[]`, `"x"`, `{"provider": 1}`, `{"unknown": "x"}`, `{} {}`, `{}x`} {
				a := do(t, http.MethodPost, u, bad)
				assert.Equal(t, http.StatusBadRequest, a.status, "%s: %s", bad, a.body)
				errorOf(t, a)
			}
			big := do(t, http.MethodPost, u, `{"text": "`+strings.Repeat("x", 70<<10)+`"}`)
			assert.Equal(t, http.StatusRequestEntityTooLarge, big.status)
			errorOf(t, big)
		})
	}

	// Bad values, each refused with a message saying which field.
	for _, tc := range []struct {
		action string
		body   map[string]string
		want   string
	}{
		{"message", map[string]string{"provider": "telegram", "from": customer, "text": "hi"}, `provider: want one of "1msg", "cloudapi", "wawp", got "telegram"`},
		{"message", map[string]string{"provider": "", "from": customer, "text": "hi"}, "provider:"},
		{"message", map[string]string{"provider": "cloudapi", "from": "not a phone", "text": "hi"}, `from: "not a phone" is not a phone number`},
		{"message", map[string]string{"provider": "cloudapi", "from": "+1 650", "text": "hi"}, "is not a phone number"},
		{"message", map[string]string{"provider": "cloudapi", "text": "hi"}, "from:"},
		{"message", map[string]string{"provider": "cloudapi", "from": customer, "text": " \n "}, "text: write something"},
		{"message", map[string]string{"provider": "cloudapi", "from": customer}, "text: write something"},
		{"react", map[string]string{"provider": "x", "from": customer, "messageId": "wamid.x", "emoji": "👍"}, "provider:"},
		{"react", map[string]string{"provider": "wawp", "from": "12", "messageId": "wamid.x", "emoji": "👍"}, "from:"},
		{"read", map[string]string{}, "messageId: missing"},
	} {
		a := customerPost(t, srv, tc.action, tc.body)
		assert.Equal(t, http.StatusBadRequest, a.status, "%s %v: %s", tc.action, tc.body, a.body)
		assert.Contains(t, errorOf(t, a), tc.want, "%s %v", tc.action, tc.body)
	}

	// A charset parameter is fine.
	ok := do(t, http.MethodPost, srv.URL()+"/_waack/customer/message", good["message"], "Content-Type", "application/json; charset=utf-8")
	customerID(t, ok)

	// Nothing refused reached the sandbox: one chat, one message, one webhook.
	chats := srv.Chats()
	require.Len(t, chats, 1)
	assert.Len(t, chats[0].Messages, 1)
	flush(t, srv)
	assert.Len(t, srv.Deliveries(), 1)
}
