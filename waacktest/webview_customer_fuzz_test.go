package waacktest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/waack/waack"
)

// customerActions are the web view's customer controls FuzzCustomerControls
// sends bodies to.
var customerActions = []string{"message", "react", "read"}

// FuzzCustomerControls sends arbitrary JSON bodies to the customer
// controls: the server never panics, answers 200, 400 or 413, always in
// JSON, with the id (or the read flag) on success and an error otherwise.
func FuzzCustomerControls(f *testing.F) {
	f.Add(uint8(0), []byte(`{"provider":"cloudapi","from":"+1 650 555 1234","text":"hi"}`))
	f.Add(uint8(0), []byte(`{"provider":"wawp","from":"16505551234","text":"re","replyTo":"false_16505551234@c.us_x"}`))
	f.Add(uint8(1), []byte(`{"provider":"1msg","from":"16505551234","messageId":"wamid.x","emoji":"👍"}`))
	f.Add(uint8(1), []byte(`{"provider":"cloudapi","from":"16505551234","messageId":"wamid.x","emoji":""}`))
	f.Add(uint8(2), []byte(`{"messageId":"wamid.x"}`))
	f.Add(uint8(2), []byte(`null`))

	s := NewServer()
	f.Cleanup(s.Close)
	for _, p := range []waack.Provider{s.CloudAPI(), s.OneMsg(), s.Wawp()} {
		s.Inbound(p, "16505551234", "hi") // a chat and a text to react to
	}

	f.Fuzz(func(t *testing.T, action uint8, body []byte) {
		path := "/_waack/customer/" + customerActions[int(action)%len(customerActions)]
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		s.srv.Handler.ServeHTTP(w, req)

		var answer map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
			t.Fatalf("%s %s: the answer is not a JSON object: %s", path, body, w.Body)
		}
		switch w.Code {
		case http.StatusOK:
			if id, _ := answer["id"].(string); id == "" && answer["read"] != true {
				t.Fatalf("%s %s: success without an id: %s", path, body, w.Body)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			if msg, _ := answer["error"].(string); msg == "" {
				t.Fatalf("%s %s: refused without a message: %s", path, body, w.Body)
			}
		default:
			t.Fatalf("%s %s: status %d: %s", path, body, w.Code, w.Body)
		}
	})
}
