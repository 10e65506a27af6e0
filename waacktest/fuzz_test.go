package waacktest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzEndpoints are the API calls FuzzAPI sends bodies to.
var fuzzEndpoints = []struct{ method, path string }{
	{http.MethodPost, "/v23.0/" + cloudDialect{}.numberID(0) + "/messages"},
	{http.MethodPost, "/" + oneMsgDialect{}.numberID(0) + "/sendReaction"},
	{http.MethodPost, "/" + oneMsgDialect{}.numberID(0) + "/readMessage"},
	{http.MethodPost, "/" + oneMsgDialect{}.numberID(0) + "/sendMessage"},
	{http.MethodPut, "/v2/send/reaction"},
	{http.MethodPost, "/v2/send/seen"},
	{http.MethodPost, "/v2/send/text"},
}

// FuzzAPI sends arbitrary bodies to every endpoint: the server never
// panics, never answers 5xx, always answers JSON, and never shows a token.
func FuzzAPI(f *testing.F) {
	f.Add(uint8(0), []byte(`{"messaging_product":"whatsapp","to":"16505551234","type":"reaction","reaction":{"message_id":"wamid.x","emoji":"👍"}}`), true)
	f.Add(uint8(0), []byte(`{"messaging_product":"whatsapp","status":"read","message_id":"wamid.x","typing_indicator":{"type":"text"}}`), true)
	f.Add(uint8(1), []byte(`{"phone":16505551234,"body":"","quotedMsgId":"wamid.x"}`), true)
	f.Add(uint8(2), []byte(`{"messageId":"wamid.x","typingIndicator":"1"}`), true)
	f.Add(uint8(3), []byte(`{"chatId":"16505551234@c.us","body":"hi","quotedMsgId":null}`), false)
	f.Add(uint8(4), []byte(`{"chatId":"16505551234@c.us","messageId":"false_x","reaction":""}`), true)
	f.Add(uint8(5), []byte(`{"chatId":"16505551234@c.us","messageIds":["a",null]}`), true)
	f.Add(uint8(6), []byte(`{"chatId":"16505551234@c.us","message":"hi","reply_to":"x","access_token":"t"}`), true)

	s := NewServer()
	f.Cleanup(s.Close)
	for _, p := range []string{"cloudapi", "1msg", "wawp"} {
		d := s.dialects[p]
		s.mu.Lock()
		c := s.chatFor(d.name(), s.numbers[p][0], "16505551234", true)
		m := s.add(c, true, TypeText, "hi", "")
		c.lastInbound = m.at
		s.mu.Unlock()
	}

	f.Fuzz(func(t *testing.T, endpoint uint8, body []byte, auth bool) {
		e := fuzzEndpoints[int(endpoint)%len(fuzzEndpoints)]
		target := e.path
		req := httptest.NewRequest(e.method, target, bytes.NewReader(body))
		if auth {
			q := req.URL.Query()
			q.Set("token", s.creds["1msg"])
			q.Set("access_token", s.creds["wawp"])
			q.Set("instance_id", wawpDialect{}.numberID(0))
			req.URL.RawQuery = q.Encode()
			req.Header.Set("Authorization", "Bearer "+s.creds["cloudapi"])
		}
		if endpoint&0x80 != 0 {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		w := httptest.NewRecorder()
		s.srv.Handler.ServeHTTP(w, req)

		if w.Code >= 500 || w.Code < 200 {
			t.Fatalf("status %d for %s: %s", w.Code, body, w.Body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %s", w.Body)
		}
		for _, tok := range s.tokens() {
			if strings.Contains(w.Body.String(), tok) {
				t.Fatalf("answer shows a token: %s", w.Body)
			}
		}
	})
}

// FuzzRedactBody checks that a credential field's value never survives
// into the request log, whatever surrounds it.
func FuzzRedactBody(f *testing.F) {
	f.Add(`"a":1,`, "s3cr3t-value", "")
	f.Add(``, "another-secret", `,"b":[1,2]`)
	f.Add(`"access_token":"x",`, "the-secret-token", `}{`)
	f.Add(`"n":{"token":1},`, "tok-tok-tok-tok", `,"token":"second value"`)
	s := &Server{}
	f.Fuzz(func(t *testing.T, before, secret, after string) {
		enc, _ := json.Marshal(secret)
		quoted := string(enc[1 : len(enc)-1])
		if len(quoted) < 8 || strings.Contains(before+after, quoted) || strings.Contains("[REDACTED: unparsable body naming a credential field]", quoted) {
			return
		}
		for _, key := range []string{"token", "access_token", "secret"} {
			body := "{" + before + `"` + key + `":` + string(enc) + after + "}"
			if out := s.redactBody([]byte(body)); bytes.Contains(out, []byte(quoted)) {
				t.Fatalf("%s kept the secret: %s", body, out)
			}
		}
	})
}

// FuzzRedactWebhookURL checks that the secret in a webhook URL's query
// never survives into the request log or a delivery's URL, however the
// rest of the query and the body look.
func FuzzRedactWebhookURL(f *testing.F) {
	f.Add("x=1", "s3cr3t-value", "y=2", false)
	f.Add("", "another-secret", "", true)
	f.Add("a=%zz", "percent-secret", "#frag", false)
	f.Add("SECRET=1", "upper-case-key", "secret=second", true)
	s := &Server{}
	f.Fuzz(func(t *testing.T, before, secret, after string, array bool) {
		escaped := url.QueryEscape(secret)
		raw := "https://hooks.example/in?" + before + "&secret=" + escaped + "&" + after
		// What the redacted output always holds, which a short secret may
		// happen to be part of.
		const fixed = `{"webhookUrl":["https://hooks.example/in?secret=REDACTED","https://other.example/"]} [REDACTED: unparsable body naming a credential field]`
		forms := []string{secret, escaped, url.PathEscape(secret)}
		for _, form := range forms {
			if len(form) < 8 || strings.Contains(before+after, form) || strings.Contains(fixed, form) {
				return
			}
		}
		var v any = raw
		if array {
			v = []string{raw, "https://other.example/"}
		}
		enc, err := json.Marshal(map[string]any{"webhookUrl": v})
		if err != nil {
			return
		}
		for _, got := range []string{string(s.redactBody(enc)), redactURL(raw)} {
			for _, form := range forms {
				if strings.Contains(got, form) {
					t.Fatalf("%s kept the secret: %s", raw, got)
				}
			}
		}
	})
}

// oneMsgChannelEndpoints are the calls FuzzOneMsgChannel makes.
var oneMsgChannelEndpoints = []struct{ method, path string }{
	{http.MethodPost, "webhook"},
	{http.MethodGet, "webhook"},
	{http.MethodGet, "hookInfo"},
}

// FuzzOneMsgChannel sends arbitrary bodies and queries to 1MSG's webhook
// and hookInfo calls: the server never panics, never answers 5xx, always
// answers JSON, and never shows a token.
func FuzzOneMsgChannel(f *testing.F) {
	f.Add(uint8(0), []byte(`{"webhookUrl":["https://a.example/h?secret=x","http://127.0.0.1:1/"]}`), "", true)
	f.Add(uint8(0), []byte(`{"webhookUrl":[1,2,3,4,5,6]}`), "", true)
	f.Add(uint8(1), []byte(``), "", true)
	f.Add(uint8(2), []byte(``), "messageId=wamid.x", true)
	f.Add(uint8(2), []byte(``), "messageId=%zz", false)

	s := NewServer()
	f.Cleanup(s.Close)
	s.Inbound(s.OneMsg(), "16505551234", "hi")

	f.Fuzz(func(t *testing.T, endpoint uint8, body []byte, query string, auth bool) {
		e := oneMsgChannelEndpoints[int(endpoint)%len(oneMsgChannelEndpoints)]
		req := httptest.NewRequest(e.method, "/"+oneMsgDialect{}.numberID(0)+"/"+e.path, bytes.NewReader(body))
		q, _ := url.ParseQuery(query) // what parses of it; the rest is dropped
		if auth {
			q.Set("token", s.creds["1msg"])
		}
		req.URL.RawQuery = q.Encode()
		if endpoint&0x80 != 0 {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		w := httptest.NewRecorder()
		s.srv.Handler.ServeHTTP(w, req)
		// Nothing may be POSTed to what the fuzzer wrote.
		_ = s.SetWebhook(s.OneMsg(), "", "")

		if w.Code >= 500 || w.Code < 200 {
			t.Fatalf("status %d for %s %q: %s", w.Code, body, query, w.Body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %s", w.Body)
		}
		for _, tok := range s.tokens() {
			if strings.Contains(w.Body.String(), tok) {
				t.Fatalf("answer shows a token: %s", w.Body)
			}
		}
	})
}
