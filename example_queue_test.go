package waack_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/waack/waack"
)

// Answer fast, process later: the handler stores each authenticated body
// and answers 200; a worker runs the events through Process. A channel
// stands in for the durable queue here (waackredis.NewQueue is one).
func ExampleProcess() {
	queue := make(chan waack.Delivery, 16) // not durable: use a real queue in production
	cfg := waack.WebhookConfig{
		AppSecret: "app-secret",
		Enqueue: func(ctx context.Context, d waack.Delivery) error {
			select {
			case queue <- d:
				return nil
			case <-ctx.Done():
				return ctx.Err() // the handler answers 5xx and Meta redelivers
			}
		},
		OnEvent: func(ctx context.Context, ev waack.Event) error {
			if m, ok := ev.(waack.MessageEvent); ok {
				fmt.Printf("worker: message %s: %q\n", m.ID, m.Text)
			}
			return nil
		},
		Dedup: waack.NewMemoryDeduper(0), // shared by every worker (waackredis.NewDeduper across processes)
	}
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, cfg)
	if err != nil {
		panic(err)
	}

	body := `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
		"messages":[{"from":"16505551234","id":"wamid.IN1","timestamp":"1749416383","type":"text","text":{"body":"Hi!"}}]}}]}]}`
	for range 2 { // Meta delivers the same body twice
		req := httptest.NewRequest(http.MethodPost, "/webhook", strings.NewReader(body))
		req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook([]byte(body), cfg.AppSecret))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println("answer:", rec.Code, "queued:", len(queue))
	}

	close(queue)
	for d := range queue { // the worker, usually another process
		if err := waack.Process(context.Background(), d, cfg); err != nil {
			fmt.Println("retry later:", err)
		}
	}
	// Output:
	// answer: 200 queued: 1
	// answer: 200 queued: 2
	// worker: message wamid.IN1: "Hi!"
}
