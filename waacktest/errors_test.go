package waacktest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

// assertNoSecret checks that none of the secrets shows in anything the
// server answered or exports.
func assertNoSecret(t *testing.T, srv *waacktest.Server, answers []answer, secrets ...string) {
	t.Helper()
	var all bytes.Buffer
	for _, a := range answers {
		fmt.Fprintf(&all, "%v %s\n", a.header, a.body)
	}
	for _, r := range srv.Requests() {
		fmt.Fprintf(&all, "%+v %s\n", r, r.Body)
	}
	for _, d := range srv.Deliveries() {
		fmt.Fprintf(&all, "%+v %s\n", d, d.Body)
	}
	for _, s := range secrets {
		assert.NotContains(t, all.String(), s)
	}
}

func TestBadTokenIs401WithoutTheToken(t *testing.T) {
	const bad = "BADTOKEN-c0ffee-never-echo-me"
	srv := newServer(t)
	c, o, w := srv.CloudAPI(), srv.OneMsg(), srv.Wawp()
	in := srv.Inbound(c, customer, "hi")
	text := `{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"text","text":{"body":"x"}}`
	var answers []answer

	for _, hdr := range [][]string{{"Authorization", "Bearer " + bad}, {"Authorization", bad}, {"Authorization", "Bearer " + o.Token}, nil} {
		a := do(t, http.MethodPost, cloudURL(srv), text, hdr...)
		answers = append(answers, a)
		require.Equal(t, 401, a.status, "%v: %s", hdr, a.body)
		assert.Equal(t, float64(190), get(t, a.json(t), "error", "code"))
		assert.Equal(t, "OAuthException", get(t, a.json(t), "error", "type"))
		assert.NotEmpty(t, get(t, a.json(t), "error", "fbtrace_id"))
	}

	for _, u := range []string{
		o.BaseURL + "/" + o.ChannelID + "/sendMessage?token=" + bad,
		o.BaseURL + "/" + o.ChannelID + "/sendMessage",
		o.BaseURL + "/OTHERCHANNEL/sendMessage?token=" + o.Token,
	} {
		a := do(t, http.MethodPost, u, `{"phone":"16505551234","body":"x"}`)
		answers = append(answers, a)
		require.Equal(t, 401, a.status, "%s", a.body)
		assert.NotEmpty(t, a.json(t)["error"])
	}

	for _, u := range []string{
		w.BaseURL + "/v2/send/text?instance_id=" + w.InstanceID + "&access_token=" + bad,
		w.BaseURL + "/v2/send/text?instance_id=" + w.InstanceID,
	} {
		a := do(t, http.MethodPost, u, `{"chatId":"16505551234@c.us","message":"x","access_token":"`+bad+`x"}`)
		answers = append(answers, a)
		require.Equal(t, 401, a.status, "%s", a.body)
		assert.Equal(t, "Unauthorized - Invalid or Missing Access Token", a.json(t)["error"])
	}
	a := do(t, http.MethodPost, w.BaseURL+"/v2/send/text?instance_id=OTHER&access_token="+w.AccessToken, `{"chatId":"16505551234@c.us","message":"x"}`)
	answers = append(answers, a)
	assert.Equal(t, 404, a.status, "%s", a.body)

	chat, _ := srv.Chat(c, customer)
	assert.Len(t, chat.Messages, 1, "nothing was sent")
	assert.Empty(t, srv.Reactions(in))
	assertNoSecret(t, srv, answers, bad, c.AccessToken, o.Token, w.AccessToken)
	for _, r := range srv.Requests() {
		assert.Empty(t, r.Op, "an unauthorized call has no operation")
	}
}

func TestRequestsRedactCredentials(t *testing.T) {
	srv := newServer(t, waacktest.WithToken("shared-sandbox-token"))
	w, o := srv.Wawp(), srv.OneMsg()
	require.Equal(t, "shared-sandbox-token", w.AccessToken)
	srv.Inbound(w, customer, "hi")
	srv.Inbound(o, customer, "hi")
	a1 := do(t, http.MethodPost, w.BaseURL+"/v2/send/text", `{"instance_id":"SANDBOX00001", "access_token" : "shared-sandbox-token","chatId":"16505551234@c.us","message":"hello"}`)
	require.Equal(t, 200, a1.status, "%s", a1.body)
	a2 := oneMsg(t, srv, "sendMessage", `{"phone":"16505551234","body":"hello","token":"another-token-value"}`)
	require.Equal(t, 200, a2.status, "%s", a2.body)
	a3 := do(t, http.MethodPost, o.BaseURL+"/"+o.ChannelID+"/sendMessage?token=x", "token=form-token-value&body=x&phone=16505551234",
		"Content-Type", "application/x-www-form-urlencoded")
	a4 := do(t, http.MethodPost, w.BaseURL+"/v2/send/text", `{"access_token":"mangled-token-value",`)

	reqs := srv.Requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, `{"instance_id":"SANDBOX00001", "access_token":"REDACTED","chatId":"16505551234@c.us","message":"hello"}`, string(reqs[0].Body),
		"only the credential's value changes")
	assert.Equal(t, "send_text", reqs[0].Op)
	assert.Equal(t, 200, reqs[0].StatusCode)
	assert.Equal(t, "/v2/send/text", reqs[0].Path)
	assert.Equal(t, "token=REDACTED", reqs[1].Query)
	assert.Equal(t, `{"phone":"16505551234","body":"hello","token":"REDACTED"}`, string(reqs[1].Body))
	assert.Equal(t, 401, reqs[2].StatusCode)
	assert.Contains(t, string(reqs[2].Body), "token=REDACTED")
	assert.True(t, strings.HasPrefix(string(reqs[3].Body), "[REDACTED"), "%s", reqs[3].Body)
	assertNoSecret(t, srv, []answer{a1, a2, a3, a4}, "shared-sandbox-token", "another-token-value", "form-token-value", "mangled-token-value")

	// Requests is a copy.
	reqs[0].Body[0] = 'X'
	assert.Equal(t, byte('{'), srv.Requests()[0].Body[0])
}

func TestCloudAPIInvalidBodies(t *testing.T) {
	long := strings.Repeat("é", 4097)
	cases := map[string]string{
		"not JSON":                 `{"messaging_product":`,
		"array":                    `[]`,
		"empty":                    ``,
		"no messaging_product":     `{"recipient_type":"individual","to":"16505551234","type":"text","text":{"body":"x"}}`,
		"wrong messaging_product":  `{"messaging_product":"instagram","to":"16505551234","type":"text","text":{"body":"x"}}`,
		"no type":                  `{"messaging_product":"whatsapp","to":"16505551234","text":{"body":"x"}}`,
		"unsupported type":         `{"messaging_product":"whatsapp","to":"16505551234","type":"image","image":{"id":"1"}}`,
		"group recipient":          `{"messaging_product":"whatsapp","recipient_type":"group","to":"16505551234","type":"text","text":{"body":"x"}}`,
		"no to":                    `{"messaging_product":"whatsapp","type":"text","text":{"body":"x"}}`,
		"bad to":                   `{"messaging_product":"whatsapp","to":"call me","type":"text","text":{"body":"x"}}`,
		"to as number":             `{"messaging_product":"whatsapp","to":16505551234,"type":"text","text":{"body":"x"}}`,
		"no text":                  `{"messaging_product":"whatsapp","to":"16505551234","type":"text"}`,
		"empty body":               `{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":""}}`,
		"text too long":            `{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":"` + long + `"}}`,
		"unknown text key":         `{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"bdy":"x"}}`,
		"preview_url string":       `{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":"x","preview_url":"yes"}}`,
		"context without id":       `{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":"x"},"context":{}}`,
		"no reaction":              `{"messaging_product":"whatsapp","to":"16505551234","type":"reaction"}`,
		"reaction without emoji":   `{"messaging_product":"whatsapp","to":"16505551234","type":"reaction","reaction":{"message_id":"wamid.x"}}`,
		"reaction without target":  `{"messaging_product":"whatsapp","to":"16505551234","type":"reaction","reaction":{"emoji":"👍"}}`,
		"reaction null":            `{"messaging_product":"whatsapp","to":"16505551234","type":"reaction","reaction":null}`,
		"reaction text emoji":      `{"messaging_product":"whatsapp","to":"16505551234","type":"reaction","reaction":{"message_id":"wamid.x","emoji":"ok"}}`,
		"reaction two emoji":       `{"messaging_product":"whatsapp","to":"16505551234","type":"reaction","reaction":{"message_id":"wamid.x","emoji":"👍👍"}}`,
		"reaction as reply":        `{"messaging_product":"whatsapp","to":"16505551234","type":"reaction","reaction":{"message_id":"wamid.x","emoji":"👍"},"context":{"message_id":"wamid.x"}}`,
		"read without id":          `{"messaging_product":"whatsapp","status":"read"}`,
		"status not read":          `{"messaging_product":"whatsapp","status":"delivered","message_id":"wamid.x"}`,
		"typing of the wrong type": `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.x","typing_indicator":{"type":"audio"}}`,
		"typing with an extra key": `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.x","typing_indicator":{"type":"text","for":25}}`,
	}
	srv := newServer(t)
	srv.Inbound(srv.CloudAPI(), customer, "hi")
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			a := cloud(t, srv, body)
			require.Equal(t, 400, a.status, "%s", a.body)
			e := a.json(t)["error"]
			assert.Equal(t, float64(100), get(t, e, "code"))
			assert.Equal(t, "OAuthException", get(t, e, "type"))
			assert.True(t, strings.HasPrefix(get(t, e, "message").(string), "(#100) "), "%v", e)
			assert.Equal(t, "whatsapp", get(t, e, "error_data", "messaging_product"))
			assert.NotEmpty(t, get(t, e, "error_data", "details"))
			assert.NotEmpty(t, get(t, e, "fbtrace_id"))
		})
	}
	chat, _ := srv.Chat(srv.CloudAPI(), customer)
	assert.Len(t, chat.Messages, 1, "no invalid call changed anything")

	t.Run("4096 characters are fine", func(t *testing.T) {
		a := cloud(t, srv, `{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":"`+long[2:]+`"}}`)
		assert.Equal(t, 200, a.status, "%s", a.body)
	})
	t.Run("wrong phone number id", func(t *testing.T) {
		a := do(t, http.MethodPost, srv.URL()+"/v23.0/999/messages", `{}`, "Authorization", "Bearer "+srv.CloudAPI().AccessToken)
		require.Equal(t, 400, a.status)
		assert.Equal(t, float64(33), get(t, a.json(t), "error", "error_subcode"))
		assert.Equal(t, "GraphMethodException", get(t, a.json(t), "error", "type"))
	})
	t.Run("bad version", func(t *testing.T) {
		a := do(t, http.MethodPost, srv.URL()+"/latest/"+srv.CloudAPI().PhoneNumberID+"/messages", `{}`, "Authorization", "Bearer "+srv.CloudAPI().AccessToken)
		assert.Equal(t, 400, a.status)
	})
	t.Run("oversized body", func(t *testing.T) {
		a := cloud(t, srv, `{"messaging_product":"whatsapp","x":"`+strings.Repeat("a", 1<<20)+`"}`)
		assert.Equal(t, 400, a.status)
	})
}

func TestOneMsgAndWawpInvalidBodies(t *testing.T) {
	long := strings.Repeat("a", 4097)
	oneMsgCases := map[string][2]string{
		"not JSON":               {"sendMessage", `{"phone":`},
		"no recipient":           {"sendMessage", `{"body":"x"}`},
		"both recipients":        {"sendMessage", `{"phone":"16505551234","chatId":"16505551234@c.us","body":"x"}`},
		"group chat":             {"sendMessage", `{"chatId":"120363@g.us","body":"x"}`},
		"bad phone":              {"sendMessage", `{"phone":"abc","body":"x"}`},
		"phone as bool":          {"sendMessage", `{"phone":true,"body":"x"}`},
		"no body":                {"sendMessage", `{"phone":"16505551234"}`},
		"body too long":          {"sendMessage", `{"phone":"16505551234","body":"` + long + `"}`},
		"quoted id not a wamid":  {"sendMessage", `{"phone":"16505551234","body":"x","quotedMsgId":"true_1@c.us_A"}`},
		"reaction without body":  {"sendReaction", `{"phone":"16505551234","quotedMsgId":"wamid.x"}`},
		"reaction without quote": {"sendReaction", `{"phone":"16505551234","body":"👍"}`},
		"reaction text":          {"sendReaction", `{"phone":"16505551234","body":"yes","quotedMsgId":"wamid.x"}`},
		"read without id":        {"readMessage", `{"typingIndicator":true}`},
		"read typing not bool":   {"readMessage", `{"messageId":"wamid.x","typingIndicator":"often"}`},
	}
	wawpCases := map[string][3]string{
		"not JSON":              {http.MethodPost, "/v2/send/text", `chatId=1`},
		"no chatId":             {http.MethodPost, "/v2/send/text", `{"message":"x"}`},
		"group chat":            {http.MethodPost, "/v2/send/text", `{"chatId":"120363@g.us","message":"x"}`},
		"no message":            {http.MethodPost, "/v2/send/text", `{"chatId":"16505551234@c.us","text":"x"}`},
		"message too long":      {http.MethodPost, "/v2/send/text", `{"chatId":"16505551234@c.us","message":"` + long + `"}`},
		"reply_to not a string": {http.MethodPost, "/v2/send/text", `{"chatId":"16505551234@c.us","message":"x","reply_to":1}`},
		"reaction missing":      {http.MethodPut, "/v2/send/reaction", `{"chatId":"16505551234@c.us","messageId":"false_x"}`},
		"reaction no target":    {http.MethodPut, "/v2/send/reaction", `{"chatId":"16505551234@c.us","reaction":"👍"}`},
		"reaction text":         {http.MethodPut, "/v2/send/reaction", `{"chatId":"16505551234@c.us","messageId":"false_x","reaction":"ok"}`},
		"seen ids not an array": {http.MethodPost, "/v2/send/seen", `{"chatId":"16505551234@c.us","messageIds":"false_x"}`},
		"seen empty id":         {http.MethodPost, "/v2/send/seen", `{"chatId":"16505551234@c.us","messageIds":[""]}`},
	}
	srv := newServer(t)
	for name, c := range oneMsgCases {
		t.Run("1msg/"+name, func(t *testing.T) {
			a := oneMsg(t, srv, c[0], c[1])
			require.Equal(t, 400, a.status, "%s", a.body)
			msg, _ := a.json(t)["error"].(string)
			assert.NotEmpty(t, msg)
		})
	}
	for name, c := range wawpCases {
		t.Run("wawp/"+name, func(t *testing.T) {
			a := wawp(t, srv, c[0], c[1], c[2])
			require.Equal(t, 400, a.status, "%s", a.body)
			msg, _ := a.json(t)["error"].(string)
			assert.True(t, strings.HasPrefix(msg, "Bad Request - "), msg)
		})
	}
	t.Run("wawp reaction is PUT", func(t *testing.T) {
		a := wawp(t, srv, http.MethodPost, "/v2/send/reaction", `{"chatId":"16505551234@c.us","messageId":"x","reaction":"👍"}`)
		assert.Equal(t, http.StatusMethodNotAllowed, a.status)
	})
	t.Run("wawp seen in an unknown chat", func(t *testing.T) {
		a := wawp(t, srv, http.MethodPost, "/v2/send/seen", `{"chatId":"16505551234@c.us"}`)
		assert.Equal(t, 404, a.status, "%s", a.body)
	})
	assert.Empty(t, srv.Chats(), "no invalid call changed anything")
}
