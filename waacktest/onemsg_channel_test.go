package waacktest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

// hookInfo asks the sandbox's 1MSG channel for the statuses of message id.
func hookInfo(t *testing.T, srv *waacktest.Server, id string) answer {
	t.Helper()
	return do(t, http.MethodGet, oneMsgURL(srv, "hookInfo")+"&messageId="+url.QueryEscape(id), "")
}

// hookItems decodes a hookInfo answer's items, failing on anything else.
func hookItems(t *testing.T, a answer) []any {
	t.Helper()
	require.Equal(t, 200, a.status, "%s", a.body)
	items, ok := a.json(t)["hooks"].([]any)
	require.True(t, ok, "hooks is an array: %s", a.body)
	return items
}

// hookStatuses reads a hookInfo answer as "<status> <timestamp>" lines,
// with " <code> <title>" for a failure, checking what every item shares.
func hookStatuses(t *testing.T, a answer, id string) []string {
	t.Helper()
	var out []string
	for _, h := range hookItems(t, a) {
		assert.Equal(t, id, get(t, h, "id"))
		assert.Equal(t, "message", get(t, h, "type"))
		assert.Equal(t, customerDigits, get(t, h, "recipient_id"))
		line := fmt.Sprintf("%s %s", get(t, h, "status"), get(t, h, "timestamp"))
		if errs, ok := get(t, h, "errors").([]any); ok {
			line += fmt.Sprintf(" %v %s", get(t, errs[0], "code"), get(t, errs[0], "title"))
		}
		out = append(out, line)
	}
	return out
}

func unix(tm time.Time) string { return strconv.FormatInt(tm.Unix(), 10) }

// setWebhook sets the 1MSG channel's webhook URLs through the API.
func setWebhook(t *testing.T, srv *waacktest.Server, body string) answer {
	t.Helper()
	return oneMsg(t, srv, "webhook", body)
}

func getWebhook(t *testing.T, srv *waacktest.Server) any {
	t.Helper()
	a := do(t, http.MethodGet, oneMsgURL(srv, "webhook"), "")
	require.Equal(t, 200, a.status, "%s", a.body)
	v, ok := a.json(t)["webhookUrl"]
	require.True(t, ok, "%s", a.body)
	return v
}

func TestOneMsgSetWebhookDeliversToEveryURL(t *testing.T) {
	srv := newServer(t)
	r1, r2 := newReceiver(t), newReceiver(t)
	u1, u2 := r1.srv.URL+"/a?secret=first-secret-1&x=1", r2.srv.URL+"/b?secret=second-secret-2"

	a := setWebhook(t, srv, js(t, map[string]any{"webhookUrl": []string{u1, u2}}))
	require.Equal(t, 200, a.status, "%s", a.body)
	assert.JSONEq(t, js(t, map[string]any{"set": true, "message": u1}), string(a.body))
	assert.Equal(t, []any{u1, u2}, getWebhook(t, srv), "stored as given")

	in := srv.Inbound(srv.OneMsg(), customer, "hola")
	flush(t, srv)
	for i, r := range []*receiver{r1, r2} {
		posts := r.all()
		require.Len(t, posts, 1, "receiver %d", i)
		assert.Equal(t, in, get(t, decode(t, posts[0].body), "messages", 0, "id"))
		assert.Equal(t, []string{"first-secret-1", "second-secret-2"}[i], posts[0].query.Get("secret"), "each URL keeps its own secret")
	}
	assert.Equal(t, "1", r1.all()[0].query.Get("x"))

	d := srv.Deliveries()
	require.Len(t, d, 2, "one delivery per URL")
	assert.Equal(t, r1.srv.URL+"/a?secret=REDACTED&x=1", d[0].URL)
	assert.Equal(t, r2.srv.URL+"/b?secret=REDACTED", d[1].URL)
	assert.Equal(t, d[0].Body, d[1].Body)
	assert.True(t, d[0].Delivered && d[1].Delivered)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "set_webhook", reqs[0].Op)
	assert.Equal(t, "token=REDACTED", reqs[0].Query)
	assert.Equal(t, `{"webhookUrl":["`+r1.srv.URL+`/a?secret=REDACTED&x=1","`+r2.srv.URL+`/b?secret=REDACTED"]}`, string(reqs[0].Body))
	assert.Equal(t, "get_webhook", reqs[1].Op)
	assert.Equal(t, http.MethodGet, reqs[1].Method)
	assertNoSecret(t, srv, nil, "first-secret-1", "second-secret-2", srv.OneMsg().Token)
}

func TestOneMsgWebhookLastSetWins(t *testing.T) {
	srv := newServer(t)
	viaAPI, viaServer := newReceiver(t), newReceiver(t)
	apiURL := viaAPI.srv.URL + "/hook?secret=api-secret"

	a := setWebhook(t, srv, js(t, map[string]string{"webhookUrl": apiURL}))
	require.Equal(t, 200, a.status, "%s", a.body)
	assert.Equal(t, apiURL, get(t, a.json(t), "message"))
	assert.Equal(t, apiURL, getWebhook(t, srv), "one URL reads back as a string")
	srv.Inbound(srv.OneMsg(), customer, "one")
	flush(t, srv)

	require.NoError(t, srv.SetWebhook(srv.OneMsg(), viaServer.srv.URL+"/in", "server-secret"))
	assert.Equal(t, viaServer.srv.URL+"/in?secret=server-secret", getWebhook(t, srv), "the URL webhooks go to")
	srv.Inbound(srv.OneMsg(), customer, "two")
	flush(t, srv)

	a = setWebhook(t, srv, js(t, map[string]string{"webhookUrl": apiURL}))
	require.Equal(t, 200, a.status, "%s", a.body)
	srv.Inbound(srv.OneMsg(), customer, "three")
	flush(t, srv)

	texts := func(r *receiver) []string {
		var out []string
		for _, p := range r.all() {
			out = append(out, get(t, decode(t, p.body), "messages", 0, "body").(string)+" "+p.query.Get("secret"))
		}
		return out
	}
	assert.Equal(t, []string{"one api-secret", "three api-secret"}, texts(viaAPI))
	assert.Equal(t, []string{"two server-secret"}, texts(viaServer))

	require.NoError(t, srv.SetWebhook(srv.OneMsg(), "", ""))
	assert.Equal(t, "", getWebhook(t, srv), "no webhook")
}

func TestOneMsgSetWebhookInvalidBodies(t *testing.T) {
	const secret = "keep-this-quiet-0451"
	ok := "https://example.com/hook?secret=" + secret
	six := make([]string, 6)
	for i := range six {
		six[i] = ok
	}
	cases := map[string]string{
		"not JSON":          `{"webhookUrl":`,
		"missing":           `{}`,
		"null":              `{"webhookUrl":null}`,
		"empty string":      `{"webhookUrl":""}`,
		"empty array":       `{"webhookUrl":[]}`,
		"six URLs":          js(t, map[string]any{"webhookUrl": six}),
		"relative":          `{"webhookUrl":"/hook?secret=` + secret + `"}`,
		"no host":           `{"webhookUrl":"https:///hook?secret=` + secret + `"}`,
		"ftp":               `{"webhookUrl":"ftp://example.com/hook?secret=` + secret + `"}`,
		"not a URL":         `{"webhookUrl":"http://exa mple.com/?secret=` + secret + `"}`,
		"number":            `{"webhookUrl":42}`,
		"object":            `{"webhookUrl":{"url":"` + ok + `"}}`,
		"array with number": `{"webhookUrl":["` + ok + `",1]}`,
		"array with empty":  `{"webhookUrl":["` + ok + `",""]}`,
		"array with null":   `{"webhookUrl":["` + ok + `",null]}`,
	}
	srv := newServer(t)
	before := newReceiver(t)
	require.NoError(t, srv.SetWebhook(srv.OneMsg(), before.srv.URL, ""))
	var answers []answer
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			a := setWebhook(t, srv, body)
			answers = append(answers, a)
			require.Equal(t, 400, a.status, "%s", a.body)
			msg, _ := a.json(t)["error"].(string)
			assert.True(t, strings.HasPrefix(msg, "webhookUrl ") || strings.HasPrefix(msg, "The request body"), msg)
		})
	}
	assert.Equal(t, before.srv.URL, getWebhook(t, srv), "no invalid call changed the setting")
	assertNoSecret(t, srv, answers, secret)
	for _, r := range srv.Requests() {
		if r.Op == "set_webhook" {
			assert.Equal(t, 400, r.StatusCode)
		}
	}

	t.Run("five URLs and a form are fine", func(t *testing.T) {
		a := setWebhook(t, srv, js(t, map[string]any{"webhookUrl": six[:5]}))
		require.Equal(t, 200, a.status, "%s", a.body)
		form := url.Values{"webhookUrl": {before.srv.URL + "/form?secret=" + secret}}
		a = do(t, http.MethodPost, oneMsgURL(srv, "webhook"), form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
		require.Equal(t, 200, a.status, "%s", a.body)
		assert.Equal(t, before.srv.URL+"/form?secret="+secret, getWebhook(t, srv))
		reqs := srv.Requests()
		assert.NotContains(t, string(reqs[len(reqs)-2].Body), secret, "a form body is redacted as well")
	})
}

func TestOneMsgChannelCallsNeedTheToken(t *testing.T) {
	const bad = "BADTOKEN-webhook-never-echo"
	srv := newServer(t)
	o := srv.OneMsg()
	keep := newReceiver(t)
	require.NoError(t, srv.SetWebhook(o, keep.srv.URL, ""))
	text := srv.Inbound(o, customer, "hi")
	var answers []answer
	for _, u := range []string{
		o.BaseURL + "/" + o.ChannelID + "/%s?token=" + bad,
		o.BaseURL + "/" + o.ChannelID + "/%s",
		o.BaseURL + "/OTHERCHANNEL/%s?token=" + url.QueryEscape(o.Token),
		o.BaseURL + "/" + o.ChannelID + "/%s?token=" + url.QueryEscape(srv.Wawp().AccessToken),
	} {
		for _, c := range []struct{ method, path, body string }{
			{http.MethodPost, "webhook", `{"webhookUrl":"https://evil.example/hook"}`},
			{http.MethodGet, "webhook", ""},
			{http.MethodGet, "hookInfo", ""},
		} {
			target := fmt.Sprintf(u, c.path)
			if c.path == "hookInfo" {
				target += map[bool]string{true: "&", false: "?"}[strings.Contains(target, "?")] + "messageId=" + text
			}
			a := do(t, c.method, target, c.body)
			answers = append(answers, a)
			require.Equal(t, 401, a.status, "%s %s: %s", c.method, c.path, a.body)
			assert.NotEmpty(t, a.json(t)["error"])
		}
	}
	assert.Equal(t, keep.srv.URL, getWebhook(t, srv), "the webhook did not change")
	assertNoSecret(t, srv, answers, bad, o.Token, srv.Wawp().AccessToken)
	for _, r := range srv.Requests() {
		if r.StatusCode == 401 {
			assert.Empty(t, r.Op, "an unauthorized call has no operation")
		}
	}
}

func TestOneMsgHookInfoTextSentDeliveredRead(t *testing.T) {
	srv := newServer(t)
	o := srv.OneMsg()
	rcv := hook(t, srv, o, "")
	srv.Inbound(o, customer, "hi")
	srv.Advance(time.Minute)
	sentAt := srv.Now()
	a := oneMsg(t, srv, "sendMessage", `{"phone":"16505551234","body":"hello"}`)
	require.Equal(t, 200, a.status, "%s", a.body)
	text := a.json(t)["id"].(string)
	assert.Equal(t, []string{"sent " + unix(sentAt), "delivered " + unix(sentAt)}, hookStatuses(t, hookInfo(t, srv, text), text))

	srv.Advance(90 * time.Second)
	require.True(t, srv.Read(text))
	info := hookInfo(t, srv, text)
	assert.Equal(t, []string{"sent " + unix(sentAt), "delivered " + unix(sentAt), "read " + unix(srv.Now())},
		hookStatuses(t, info, text))
	items := hookItems(t, info)
	assert.Equal(t, "service", get(t, items[0], "pricing", "category"), "the sent status carries Meta's pricing")
	assert.Nil(t, get(t, items[2], "errors"))

	// The same statuses, in the same order, as the webhooks reported.
	flush(t, srv)
	var acks []string
	for _, p := range rcv.all()[1:] {
		acks = append(acks, get(t, decode(t, p.body), "ack", 0, "status").(string))
	}
	assert.Equal(t, []string{"sent", "delivered", "read"}, acks)

	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "delivery_status", last.Op)
	assert.Equal(t, "/"+o.ChannelID+"/hookInfo", last.Path)
	assert.Equal(t, "messageId="+url.QueryEscape(text)+"&token=REDACTED", last.Query)
}

func TestOneMsgHookInfoFailedReactions(t *testing.T) {
	srv := newServer(t)
	o := srv.OneMsg()
	rcv := hook(t, srv, o, "")
	old := srv.Inbound(o, customer, "from long ago")
	srv.Advance(31 * 24 * time.Hour)
	recent := srv.Inbound(o, customer, "now")

	react := func(target string) string {
		a := oneMsg(t, srv, "sendReaction", js(t, map[string]string{"phone": customerDigits, "body": "👍", "quotedMsgId": target}))
		require.Equal(t, 200, a.status, "%s", a.body)
		require.Equal(t, true, a.json(t)["sent"], "a reaction is accepted, then reported failed")
		return a.json(t)["id"].(string)
	}
	const failed131009 = " 131009 Parameter value is not valid"
	tooOld, unknown, fine := react(old), react("wamid.unknown"), react(recent)
	now := unix(srv.Now())
	assert.Equal(t, []string{"failed " + now + failed131009}, hookStatuses(t, hookInfo(t, srv, tooOld), tooOld))
	assert.Equal(t, []string{"failed " + now + failed131009}, hookStatuses(t, hookInfo(t, srv, unknown), unknown))
	assert.Equal(t, []string{"sent " + now}, hookStatuses(t, hookInfo(t, srv, fine), fine), "a reaction is only ever sent")
	e := get(t, hookItems(t, hookInfo(t, srv, tooOld))[0], "errors", 0)
	assert.NotEmpty(t, get(t, e, "error_data", "details"))
	assert.NotEmpty(t, get(t, e, "href"))

	// The webhook reported the same failure (1MSG: Meta's title as the
	// error text).
	flush(t, srv)
	var acks []string
	for _, p := range rcv.all() {
		if ack, ok := decode(t, p.body)["ack"]; ok {
			acks = append(acks, fmt.Sprintf("%s %s %v", get(t, ack, 0, "id"), get(t, ack, 0, "status"), get(t, ack, 0, "error")))
		}
	}
	assert.Equal(t, []string{
		tooOld + " failed Parameter value is not valid", unknown + " failed Parameter value is not valid", fine + " sent <nil>",
	}, acks)
}

func TestOneMsgHookInfoWindowClosed(t *testing.T) {
	srv := newServer(t)
	srv.Inbound(srv.OneMsg(), customer, "hi")
	srv.Advance(25 * time.Hour)
	// 1MSG refuses a text outside the window at once: there is no message,
	// so a 131047 failure never shows in its hookInfo.
	a := oneMsg(t, srv, "sendMessage", `{"phone":"16505551234","body":"late"}`)
	require.Equal(t, 200, a.status, "%s", a.body)
	assert.Equal(t, false, a.json(t)["sent"])
	assert.Nil(t, a.json(t)["id"])
	chat, _ := srv.Chat(srv.OneMsg(), customer)
	assert.Len(t, chat.Messages, 1)

	// The Cloud API accepts it and fails it with 131047; hookInfo is the
	// 1MSG channel's and does not know that message.
	srv.Inbound(srv.CloudAPI(), customer, "hi")
	srv.Advance(25 * time.Hour)
	cloudText := get(t, cloud(t, srv, `{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":"late"}}`).json(t), "messages", 0, "id").(string)
	chat, _ = srv.Chat(srv.CloudAPI(), customer)
	require.Equal(t, 131047, chat.Messages[1].ErrorCode)
	assert.Empty(t, hookItems(t, hookInfo(t, srv, cloudText)))
}

func TestOneMsgHookInfoUnknownAndMissing(t *testing.T) {
	srv := newServer(t)
	in := srv.Inbound(srv.OneMsg(), customer, "hi")
	for _, id := range []string{"wamid.unknown", in, "true_16505551234@c.us_X"} {
		a := hookInfo(t, srv, id)
		require.Equal(t, 200, a.status, "%s", a.body)
		assert.Equal(t, `{"hooks":[]}`, string(a.body), "%s: nothing recorded (a customer message has no statuses)", id)
	}
	for _, target := range []string{oneMsgURL(srv, "hookInfo"), oneMsgURL(srv, "hookInfo") + "&messageId="} {
		a := do(t, http.MethodGet, target, "")
		require.Equal(t, 400, a.status, "%s", a.body)
		assert.Equal(t, "messageId is required.", a.json(t)["error"])
	}
	a := do(t, http.MethodPost, oneMsgURL(srv, "hookInfo")+"&messageId="+in, "")
	assert.Equal(t, http.StatusMethodNotAllowed, a.status)
}

func TestOneMsgChannelCallsGetFaults(t *testing.T) {
	srv := newServer(t)
	keep := newReceiver(t)
	require.NoError(t, srv.SetWebhook(srv.OneMsg(), keep.srv.URL, ""))

	srv.FailNext(1, waacktest.FaultServerError)
	a := setWebhook(t, srv, `{"webhookUrl":"https://example.com/new"}`)
	assert.Equal(t, 500, a.status, "%s", a.body)
	assert.Equal(t, keep.srv.URL, getWebhook(t, srv), "a refused call is not applied")

	srv.FailNext(1, waacktest.FaultMalformedJSON)
	a = setWebhook(t, srv, `{"webhookUrl":"https://example.com/new"}`)
	assert.Equal(t, 200, a.status)
	assert.False(t, bytes.HasSuffix(a.body, []byte("}")), "%s", a.body)
	assert.Equal(t, "https://example.com/new", getWebhook(t, srv), "a mangled answer still means it was applied")

	srv.FailNext(1, waacktest.FaultThrottle429)
	a = hookInfo(t, srv, "wamid.x")
	assert.Equal(t, 429, a.status)
	assert.Equal(t, "1", a.header.Get("Retry-After"))
	assert.Equal(t, float64(130429), get(t, a.json(t), "error", "code"))
	assert.Equal(t, "throttle_429", srv.Requests()[len(srv.Requests())-1].Fault)
}

// TestOneMsgHookInfoGolden pins the hookInfo answers byte for byte.
func TestOneMsgHookInfoGolden(t *testing.T) {
	srv := newServer(t, waacktest.WithStartTime(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)))
	o := srv.OneMsg()
	in := srv.Inbound(o, customer, "hi")
	srv.Advance(time.Minute)
	text := oneMsg(t, srv, "sendMessage", `{"phone":"16505551234","body":"hello"}`).json(t)["id"].(string)
	srv.Advance(time.Minute)
	srv.Read(text)
	failed := oneMsg(t, srv, "sendReaction", `{"phone":"16505551234","body":"👍","quotedMsgId":"wamid.unknown"}`).json(t)["id"].(string)
	reaction := oneMsg(t, srv, "sendReaction", js(t, map[string]string{"phone": customerDigits, "body": "👍", "quotedMsgId": in})).json(t)["id"].(string)
	var out bytes.Buffer
	for _, id := range []string{text, failed, reaction, "wamid.unknown"} {
		fmt.Fprintf(&out, "%s\n", hookInfo(t, srv, id).body)
	}
	golden(t, filepath.Join("testdata", "1msg_hookinfo.golden"), out.Bytes())
}

// Switching the webhook URLs while messages flow loses nothing: every
// event goes to the URLs set when it happened, and every text's hookInfo
// is complete.
func TestOneMsgWebhookSwitchWhileSending(t *testing.T) {
	const n = 20
	srv := newServer(t)
	a, b := newReceiver(t), newReceiver(t)
	srv.Inbound(srv.OneMsg(), customer, "hi")
	require.Equal(t, 200, setWebhook(t, srv, js(t, map[string]any{"webhookUrl": []string{a.srv.URL, b.srv.URL}})).status)

	var wg sync.WaitGroup
	ids := make([]string, n)
	for i := range n {
		wg.Go(func() {
			r := oneMsg(t, srv, "sendMessage", js(t, map[string]string{"phone": customerDigits, "body": fmt.Sprintf("text %d", i)}))
			assert.Equal(t, 200, r.status, "%s", r.body)
			ids[i], _ = r.json(t)["id"].(string)
		})
		wg.Go(func() {
			urls := []string{a.srv.URL, b.srv.URL}[:1+i%2]
			assert.Equal(t, 200, setWebhook(t, srv, js(t, map[string]any{"webhookUrl": urls})).status)
		})
	}
	wg.Wait()
	flush(t, srv)

	acks := func(r *receiver) int {
		count := 0
		for _, p := range r.all() {
			count += len(get(t, decode(t, p.body), "ack").([]any))
		}
		return count
	}
	assert.Equal(t, 2*n, acks(a), "a is in every setting: sent and delivered of every text")
	assert.LessOrEqual(t, acks(b), 2*n)
	for _, id := range ids {
		require.NotEmpty(t, id)
		assert.Len(t, hookItems(t, hookInfo(t, srv, id)), 2, id)
	}
}
