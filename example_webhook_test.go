package waack_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/waack/waack"
)

// Serve Meta's webhooks: answer the subscription handshake, verify each
// POST's signature, and receive every event of a batch, once.
func ExampleNewWebhookHandler() {
	const appSecret = "app-secret" // Meta app dashboard → App settings → Basic
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
		AppSecret:   appSecret,
		VerifyToken: "choose-a-verify-token",
		OnEvent: func(ctx context.Context, ev waack.Event) error {
			switch e := ev.(type) {
			case waack.MessageEvent:
				fmt.Printf("message %s from %s: %q\n", e.ID, e.From, e.Text)
			case waack.ReactionEvent:
				fmt.Printf("reaction %q to %s (removed: %v)\n", e.Emoji, e.MessageID, e.Removed)
			case waack.StatusEvent:
				fmt.Printf("status of %s: %s\n", e.MessageID, e.Status)
				if errors.Is(e.Err, waack.ErrTargetTooOld) {
					fmt.Println("  the reaction's target is too old")
				}
			case waack.ErrorEvent:
				fmt.Println("error:", e.Err)
			}
			return nil // an error answers 500 and Meta delivers the body again
		},
	})
	if err != nil {
		panic(err)
	}
	// In a server: http.Handle("/webhooks/whatsapp", h)

	body := `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
		"messaging_product":"whatsapp",
		"contacts":[{"profile":{"name":"Sheena"},"wa_id":"16505551234"}],
		"messages":[
			{"from":"16505551234","id":"wamid.IN1","timestamp":"1749416383","type":"text","text":{"body":"Hi!"}},
			{"from":"16505551234","id":"wamid.IN2","timestamp":"1749416384","type":"reaction","reaction":{"message_id":"wamid.OUT1","emoji":"👍"}}],
		"statuses":[
			{"id":"wamid.OUT2","status":"failed","timestamp":"1749416385","recipient_id":"16505551234",
			 "errors":[{"code":131009,"title":"Parameter value is not valid"}]}]}}]}]}`
	for range 2 { // the second delivery is a duplicate: nothing reaches OnEvent
		req := httptest.NewRequest(http.MethodPost, "/webhooks/whatsapp", strings.NewReader(body))
		req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook([]byte(body), appSecret))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println("answer:", rec.Code)
	}

	unsigned := httptest.NewRequest(http.MethodPost, "/webhooks/whatsapp", strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, unsigned)
	fmt.Println("unsigned:", rec.Code)
	// Output:
	// message wamid.IN1 from 16505551234: "Hi!"
	// reaction "👍" to wamid.OUT1 (removed: false)
	// status of wamid.OUT2: failed
	//   the reaction's target is too old
	// answer: 200
	// answer: 200
	// unsigned: 401
}

// 1MSG and Wawp do not sign their webhooks: register the URL with a secret
// of your own, and the handler refuses requests without it.
func ExampleNewWebhookHandler_secret() {
	h, err := waack.NewWebhookHandler(waack.OneMsg{}, waack.WebhookConfig{
		Secret: "long-random-secret", // register https://example.com/hooks/1msg?secret=long-random-secret
		OnEvent: func(ctx context.Context, ev waack.Event) error {
			if st, ok := ev.(waack.StatusEvent); ok {
				fmt.Println(st.MessageID, st.Status, errors.Is(st.Err, waack.ErrSessionWindowClosed))
			}
			return nil
		},
	})
	if err != nil {
		panic(err)
	}
	body := `{"instanceId":"VID1","ack":[{"id":"wamid.OUT1","status":"failed","phone":"351912345678","error":"Dialog window is closed"}]}`
	for _, target := range []string{"/hooks/1msg?secret=long-random-secret", "/hooks/1msg"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, target, strings.NewReader(body)))
		fmt.Println("answer:", rec.Code)
	}
	// Output:
	// wamid.OUT1 failed true
	// answer: 200
	// answer: 401
}

// Sign a body as Meta does, to post test webhooks to your own endpoint.
func ExampleSignCloudAPIWebhook() {
	body := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	sig := waack.SignCloudAPIWebhook(body, "app-secret")
	fmt.Println(sig)
	fmt.Println(waack.VerifyCloudAPISignature(body, sig, "app-secret"))
	// Output:
	// sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f
	// <nil>
}
