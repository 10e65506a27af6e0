package waack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 200 concurrent deliveries: 50 distinct bodies (a message and a status
// each), every body posted 4 times at once, and OnEvent failing the first
// attempt at every 5th message. A sender retries a 500 as the provider
// would. Every event must be handled exactly once: none lost, none twice.
func TestWebhookHandlerConcurrentDeliveries(t *testing.T) {
	const distinct, copies, maxAttempts = 50, 4, 20

	var mu sync.Mutex
	handled := map[string]int{}
	failedOnce := map[string]bool{}
	onEvent := func(_ context.Context, ev Event) error {
		key := dedupKey(ev)
		mu.Lock()
		defer mu.Unlock()
		if m, ok := ev.(MessageEvent); ok && m.Text == "fail first" && !failedOnce[key] {
			failedOnce[key] = true
			return errors.New("transient")
		}
		handled[key]++
		return nil
	}
	h, err := NewWebhookHandler(CloudAPI{}, WebhookConfig{AppSecret: testAppSecret, OnEvent: onEvent})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	bodies := make([][]byte, distinct)
	for i := range bodies {
		text := "hello"
		if i%5 == 0 {
			text = "fail first"
		}
		bodies[i] = fmt.Appendf(nil, `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
			"messages":[{"from":"16505551234","id":"wamid.IN%d","timestamp":"1749416383","type":"text","text":{"body":%q}}],
			"statuses":[{"id":"wamid.OUT%d","status":"read","timestamp":"1749416383","recipient_id":"16505551234"}]}}]}]}`, i, text, i)
	}

	var wg sync.WaitGroup
	codes := make(chan int, distinct*copies)
	for i := range distinct * copies {
		body := bodies[i%distinct]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range maxAttempts {
				req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
				req.Header.Set("X-Hub-Signature-256", SignCloudAPIWebhook(body, testAppSecret))
				resp, err := srv.Client().Do(req)
				if err != nil {
					continue
				}
				resp.Body.Close()
				if resp.StatusCode < 500 { // a provider redelivers after any 5xx
					codes <- resp.StatusCode
					return
				}
			}
			codes <- 0
		}()
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		assert.Equal(t, http.StatusOK, c)
	}

	mu.Lock()
	defer mu.Unlock()
	assert.Len(t, handled, 2*distinct, "none lost")
	for key, n := range handled {
		assert.Equal(t, 1, n, "handled more than once: %s", key)
	}
	assert.Len(t, failedOnce, distinct/5)
}

// While one delivery of an event is inside OnEvent, a second delivery of
// the same event is answered 503 with Retry-After without reaching
// OnEvent, so that the provider retries it: answered 200, the event would
// be lost if the first then failed after the provider gave up on it. If the
// first fails, the redelivery is processed.
func TestWebhookHandlerConcurrentDuplicateIsSkipped(t *testing.T) {
	body := fixture(t, "cloudapi", "message_only.json")
	entered, proceed := make(chan struct{}), make(chan error)
	var mu sync.Mutex
	calls := 0
	onEvent := func(context.Context, Event) error {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if !first {
			return nil
		}
		close(entered)
		return <-proceed
	}
	h, err := NewWebhookHandler(CloudAPI{}, WebhookConfig{AppSecret: testAppSecret, OnEvent: onEvent})
	require.NoError(t, err)

	firstCode := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, signedPost(body))
		firstCode <- rec.Code
	}()
	<-entered
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, signedPost(body))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code, "in flight: neither new nor done")
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	mu.Lock()
	assert.Equal(t, 1, calls, "the duplicate must not reach OnEvent while the first is in flight")
	mu.Unlock()

	proceed <- errors.New("fail the first")
	assert.Equal(t, http.StatusInternalServerError, <-firstCode)

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, signedPost(body))
	assert.Equal(t, http.StatusOK, rec.Code)
	mu.Lock()
	assert.Equal(t, 2, calls, "the failed event is processed on redelivery")
	mu.Unlock()
}
