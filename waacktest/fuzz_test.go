package waacktest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fuzzEndpoints are the API calls FuzzAPI sends bodies to.
var fuzzEndpoints = []struct{ method, path string }{
	{http.MethodPost, "/v23.0/" + phoneNumberID + "/messages"},
	{http.MethodPost, "/" + channelID + "/sendReaction"},
	{http.MethodPost, "/" + channelID + "/readMessage"},
	{http.MethodPost, "/" + channelID + "/sendMessage"},
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
		c := s.chatFor(d.name(), "16505551234", true)
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
			q.Set("token", s.oneMsgToken)
			q.Set("access_token", s.wawpToken)
			q.Set("instance_id", instanceID)
			req.URL.RawQuery = q.Encode()
			req.Header.Set("Authorization", "Bearer "+s.cloudToken)
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
		for _, key := range []string{"token", "access_token"} {
			body := "{" + before + `"` + key + `":` + string(enc) + after + "}"
			if out := s.redactBody([]byte(body)); bytes.Contains(out, []byte(quoted)) {
				t.Fatalf("%s kept the secret: %s", body, out)
			}
		}
	})
}
