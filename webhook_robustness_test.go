package waack_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

// Webhook robustness: delivery is at least once, so the handler must turn
// failures into redeliveries, redeliveries into a single OnEvent call, and
// hostile bodies into 4xx answers, without panicking or holding more
// memory than its body cap.

const hookSecret = "webhook-secret-7Hq2"

var hookProviders = []waack.Provider{waack.CloudAPI{}, waack.OneMsg{}, waack.Wawp{}}

// hookBody is a provider's webhook body carrying one inbound text per id
// (Wawp: exactly one id, since its envelope holds one event).
func hookBody(provider string, ids ...string) []byte {
	var items []string
	for _, id := range ids {
		switch provider {
		case waack.ProviderCloudAPI:
			items = append(items, fmt.Sprintf(`{"from":"16505551234","id":%q,"timestamp":"1749416383","type":"text","text":{"body":"hi"}}`, id))
		case waack.ProviderOneMsg:
			items = append(items, fmt.Sprintf(`{"id":%q,"body":"hi","fromMe":false,"author":"16505551234@c.us","chatId":"16505551234@c.us","type":"chat","time":1749416383}`, id))
		}
	}
	switch provider {
	case waack.ProviderCloudAPI:
		return []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",` +
			`"metadata":{"display_phone_number":"15550001111","phone_number_id":"106540352242922"},"messages":[` + strings.Join(items, ",") + `]}}]}]}`)
	case waack.ProviderOneMsg:
		return []byte(`{"instanceId":"1","messages":[` + strings.Join(items, ",") + `]}`)
	}
	return fmt.Appendf(nil, `{"event":"message","session":"default","payload":{"id":%q,"from":"16505551234@c.us","fromMe":false,"body":"hi","timestamp":1749416383}}`, ids[0])
}

// hookID is the i-th message id in a provider's format.
func hookID(provider string, i int) string {
	if provider == waack.ProviderWawp {
		return fmt.Sprintf("false_16505551234@c.us_3EB0%04d", i)
	}
	return fmt.Sprintf("wamid.IN%04d", i)
}

// hookRequest is an authenticated POST of body: signed for the Cloud API,
// with the shared secret in the query for the others.
func hookRequest(provider string, body io.Reader, signed []byte) *http.Request {
	target := "/hook"
	if provider != waack.ProviderCloudAPI {
		target += "?secret=" + hookSecret
	}
	req := httptest.NewRequest(http.MethodPost, target, body)
	if provider == waack.ProviderCloudAPI {
		req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook(signed, hookSecret))
	}
	return req
}

// deliver posts body once and returns the status code; a panic in the
// handler fails the test instead of crashing it.
func deliver(t *testing.T, h http.Handler, provider string, body []byte) (code int) {
	t.Helper()
	return serve(t, h, hookRequest(provider, bytes.NewReader(body), body))
}

func serve(t *testing.T, h http.Handler, req *http.Request) (code int) {
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("handler panicked: %v", r)
			code = -1
		}
	}()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func newHookHandler(t *testing.T, p waack.Provider, onEvent func(context.Context, waack.Event) error) http.Handler {
	t.Helper()
	h, err := waack.NewWebhookHandler(p, waack.WebhookConfig{AppSecret: hookSecret, Secret: hookSecret, OnEvent: onEvent})
	require.NoError(t, err)
	return h
}

// messageCounter counts OnEvent calls per message id and can fail chosen
// ids on their first call.
type messageCounter struct {
	mu       sync.Mutex
	handled  map[string]int
	failOnce map[string]bool // ids to fail once; set to false once failed
}

func newMessageCounter(failOnce ...string) *messageCounter {
	m := &messageCounter{handled: map[string]int{}, failOnce: map[string]bool{}}
	for _, id := range failOnce {
		m.failOnce[id] = true
	}
	return m
}

func (m *messageCounter) onEvent(_ context.Context, ev waack.Event) error {
	msg, ok := ev.(waack.MessageEvent)
	if !ok {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failOnce[msg.ID] {
		m.failOnce[msg.ID] = false
		return errors.New("database unavailable")
	}
	m.handled[msg.ID]++
	return nil
}

func (m *messageCounter) counts() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int, len(m.handled))
	for k, v := range m.handled {
		out[k] = v
	}
	return out
}

// TestWebhookFailedEventIsRedeliveredOnce: OnEvent fails on the last event
// of a body, the handler answers 5xx, the provider redelivers the same
// body: every event is then handled exactly once, and further
// redeliveries change nothing.
func TestWebhookFailedEventIsRedeliveredOnce(t *testing.T) {
	for _, p := range hookProviders {
		t.Run(p.Name(), func(t *testing.T) {
			ids := []string{hookID(p.Name(), 1), hookID(p.Name(), 2)}
			if p.Name() == waack.ProviderWawp {
				ids = ids[1:]
			}
			last := ids[len(ids)-1]
			mc := newMessageCounter(last)
			h := newHookHandler(t, p, mc.onEvent)
			body := hookBody(p.Name(), ids...)

			code := deliver(t, h, p.Name(), body)
			assert.GreaterOrEqual(t, code, 500, "a failed OnEvent asks for redelivery")
			assert.Zero(t, mc.counts()[last])

			for range 3 {
				assert.Equal(t, http.StatusOK, deliver(t, h, p.Name(), body))
			}
			want := map[string]int{}
			for _, id := range ids {
				want[id] = 1
			}
			assert.Equal(t, want, mc.counts())
		})
	}
}

// TestWebhookConcurrentDeliveriesExactlyOnce: 200 concurrent deliveries
// per provider (40 events, each body delivered 5 times at once, every 4th
// event failing its first OnEvent). A sender redelivers on 5xx, as the
// providers do. No event may be lost and none handled twice.
func TestWebhookConcurrentDeliveriesExactlyOnce(t *testing.T) {
	const events, copies, maxAttempts = 40, 5, 2000
	for _, p := range hookProviders {
		t.Run(p.Name(), func(t *testing.T) {
			var failing []string
			for i := 0; i < events; i += 4 {
				failing = append(failing, hookID(p.Name(), i))
			}
			mc := newMessageCounter(failing...)
			h := newHookHandler(t, p, mc.onEvent)

			var wg sync.WaitGroup
			lost := make(chan string, events*copies)
			for i := range events * copies {
				id := hookID(p.Name(), i%events)
				body := hookBody(p.Name(), id)
				wg.Go(func() {
					for range maxAttempts {
						switch deliver(t, h, p.Name(), body) {
						case http.StatusOK:
							return
						case http.StatusServiceUnavailable:
							// another copy is inside OnEvent: retry later, as
							// a provider honouring Retry-After would
							time.Sleep(time.Millisecond)
						}
					}
					lost <- id
				})
			}
			wg.Wait()
			close(lost)
			for id := range lost {
				t.Errorf("%s never answered 200", id)
			}
			mc.mu.Lock()
			for _, id := range failing {
				assert.False(t, mc.failOnce[id], "%s was to fail once first", id)
			}
			mc.mu.Unlock()
			counts := mc.counts()
			assert.Len(t, counts, events, "no event lost")
			for id, n := range counts {
				assert.Equal(t, 1, n, "%s handled more than once", id)
			}
		})
	}
}

// endless is a body that never ends: n bytes of b, produced as read.
type endless struct {
	b byte
	n int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n)
	for i := range p[:k] {
		p[i] = e.b
	}
	e.n -= k
	return int(k), nil
}

// TestWebhookRejectsHostileBodies: bodies over the cap (with or without a
// Content-Length), truncated, nested 100k deep, or not UTF-8 are answered
// 4xx, never reach OnEvent, never panic, and the handler allocates at most
// a small multiple of its 4 MiB cap for any of them.
func TestWebhookRejectsHostileBodies(t *testing.T) {
	const capBytes = waack.DefaultMaxWebhookBytes
	const allocBudget = 64 << 20
	utf16Body := func(s string) []byte {
		var b bytes.Buffer
		b.Write([]byte{0xff, 0xfe})
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		return b.Bytes()
	}
	for _, p := range hookProviders {
		valid := hookBody(p.Name(), hookID(p.Name(), 1))
		cases := []struct {
			name string
			body []byte // sent as is, with its Content-Length
			// stream, when set, replaces body: sent without a
			// Content-Length, signed (Cloud API) as if it were body.
			stream io.Reader
			want   int
		}{
			{"one byte over the cap", append(valid, bytes.Repeat([]byte(" "), capBytes+1-len(valid))...), nil, http.StatusRequestEntityTooLarge},
			{"64 MiB without a length", valid, &endless{' ', 64 << 20}, http.StatusRequestEntityTooLarge},
			{"truncated", valid[:len(valid)/2], nil, http.StatusBadRequest},
			{"cut before the last brace", valid[:len(valid)-1], nil, http.StatusBadRequest},
			{"100k nested arrays", bytes.Repeat([]byte("["), 100_000), nil, http.StatusBadRequest},
			{"100k nested objects", append([]byte(`{"entry":`), bytes.Repeat([]byte(`{"a":`), 100_000)...), nil, http.StatusBadRequest},
			{"nested arrays up to the cap", append([]byte(`{"entry":`), bytes.Repeat([]byte("["), capBytes-9)...), nil, http.StatusBadRequest},
			{"UTF-16 with a BOM", utf16Body(string(valid)), nil, http.StatusBadRequest},
			{"Latin-1 text", bytes.Replace(valid, []byte(`"hi"`), []byte("\"caf\xe9\""), 1), nil, http.StatusBadRequest},
			{"lone surrogate bytes", bytes.Replace(valid, []byte(`"hi"`), []byte("\"\xed\xa0\x80\""), 1), nil, http.StatusBadRequest},
			{"NUL bytes", bytes.Repeat([]byte{0}, 1024), nil, http.StatusBadRequest},
			{"empty", nil, nil, http.StatusBadRequest},
			{"null", []byte("null"), nil, http.StatusBadRequest},
			{"array of the body", append(append([]byte("["), valid...), ']'), nil, http.StatusBadRequest},
		}
		for _, tc := range cases {
			t.Run(p.Name()+"/"+tc.name, func(t *testing.T) {
				if tc.name == "Latin-1 text" || tc.name == "lone surrogate bytes" {
					require.NotEqual(t, valid, tc.body, "the fixture must contain the replaced text")
				}
				var handled int
				h := newHookHandler(t, p, func(context.Context, waack.Event) error { handled++; return nil })
				var req *http.Request
				if tc.stream != nil {
					req = hookRequest(p.Name(), tc.stream, tc.body)
					req.ContentLength = -1
				} else {
					req = hookRequest(p.Name(), bytes.NewReader(tc.body), tc.body)
				}

				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				code := serve(t, h, req)
				runtime.ReadMemStats(&after)

				assert.Equal(t, tc.want, code)
				assert.Zero(t, handled, "a rejected body must not reach OnEvent")
				allocated := after.TotalAlloc - before.TotalAlloc
				t.Logf("allocated %d KiB", allocated>>10)
				assert.Less(t, allocated, uint64(allocBudget), "bytes allocated")
			})
		}
	}
}
