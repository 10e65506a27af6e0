package waack

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// store records what an Enqueue received; err, when set, is its answer.
type store struct {
	mu  sync.Mutex
	got []Delivery
	err error
}

func (s *store) enqueue(_ context.Context, d Delivery) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.got = append(s.got, d)
	return nil
}

// noOnEvent fails the test if the enqueue handler ever calls OnEvent.
func noOnEvent(t *testing.T) func(context.Context, Event) error {
	return func(context.Context, Event) error {
		t.Error("the enqueue handler called OnEvent")
		return nil
	}
}

func TestEnqueueHandlerStoresTheAuthenticatedBody(t *testing.T) {
	body := fixture(t, "cloudapi", "batch.json")
	s := &store{}
	h, _ := cloudHandler(t, WebhookConfig{Enqueue: s.enqueue, OnEvent: noOnEvent(t)})
	before := time.Now()
	rec := serve(t, h, signedPost(body))
	assert.Equal(t, http.StatusOK, rec.Code)
	require.Len(t, s.got, 1)
	d := s.got[0]
	assert.Equal(t, ProviderCloudAPI, d.Provider)
	assert.Equal(t, body, d.Body, "the raw body, byte for byte")
	assert.False(t, d.Received.Before(before) || d.Received.After(time.Now()), "Received is the arrival time")
	assert.Empty(t, d.ID, "only a queue names a delivery")
}

func TestEnqueueHandlerNeedsNoOnEvent(t *testing.T) {
	s := &store{}
	_, err := NewWebhookHandler(CloudAPI{}, WebhookConfig{AppSecret: testAppSecret, Enqueue: s.enqueue})
	require.NoError(t, err)
	_, err = NewWebhookHandler(CloudAPI{}, WebhookConfig{AppSecret: testAppSecret})
	require.ErrorIs(t, err, ErrInvalidConfig, "neither OnEvent nor Enqueue")
	_, err = NewWebhookHandler(CloudAPI{}, WebhookConfig{Enqueue: s.enqueue})
	require.ErrorIs(t, err, ErrInvalidConfig, "Enqueue does not lift the authentication rules")
}

// The enqueue handler authenticates and caps exactly as the synchronous
// one: what the synchronous handler refuses before parsing, it refuses
// with the same code and stores nothing.
func TestEnqueueHandlerAuthenticatesAsTheSynchronousHandler(t *testing.T) {
	body := fixture(t, "cloudapi", "batch.json")
	onemsg := fixture(t, "onemsg", "messages.json")
	wawpBody := fixture(t, "wawp", "message.json")
	type request struct {
		name string
		p    Provider
		req  func() *http.Request
	}
	post := func(target string, b []byte, header ...string) func() *http.Request {
		return func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(b))
			for i := 0; i+1 < len(header); i += 2 {
				r.Header.Set(header[i], header[i+1])
			}
			return r
		}
	}
	big := bytes.Repeat([]byte(" "), 2048)
	requests := []request{
		{"cloudapi signed", CloudAPI{}, func() *http.Request { return signedPost(body) }},
		{"cloudapi unsigned", CloudAPI{}, post("/hook", body)},
		{"cloudapi wrong signature", CloudAPI{}, post("/hook", body, "X-Hub-Signature-256", SignCloudAPIWebhook(body, "other"))},
		{"cloudapi over the cap", CloudAPI{}, func() *http.Request { return signedPost(append(append([]byte{}, body...), big...)) }},
		{"cloudapi GET", CloudAPI{}, func() *http.Request { return httptest.NewRequest(http.MethodGet, "/hook", nil) }},
		{"1msg query secret", OneMsg{}, post("/hook?secret="+testSecret, onemsg)},
		{"1msg header secret", OneMsg{}, post("/hook", onemsg, SecretHeader, testSecret)},
		{"1msg no secret", OneMsg{}, post("/hook", onemsg)},
		{"1msg wrong secret", OneMsg{}, post("/hook?secret=nope", onemsg)},
		{"wawp secret", Wawp{}, post("/hook?secret="+testSecret, wawpBody)},
		{"wawp wrong secret", Wawp{}, post("/hook", wawpBody, SecretHeader, "nope")},
	}
	for _, tt := range requests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := WebhookConfig{AppSecret: testAppSecret, Secret: testSecret, VerifyToken: testVerifyToken, MaxBodyBytes: int64(len(body) + 1024)}
			synchronous, _ := newHandler(t, tt.p, cfg)
			s := &store{}
			cfg.Enqueue = s.enqueue
			cfg.OnEvent = noOnEvent(t)
			queued, err := NewWebhookHandler(tt.p, cfg)
			require.NoError(t, err)

			want := serve(t, synchronous, tt.req()).Code
			got := serve(t, queued, tt.req()).Code
			assert.Equal(t, want, got, "same answer as the synchronous handler")
			if got == http.StatusOK {
				require.Len(t, s.got, 1)
				assert.Equal(t, tt.p.Name(), s.got[0].Provider)
			} else {
				assert.Empty(t, s.got, "nothing unauthenticated or oversized is stored")
			}
		})
	}
}

func TestEnqueueHandlerAnswers5xxWhenTheStoreFails(t *testing.T) {
	body := fixture(t, "cloudapi", "batch.json")
	for _, tt := range []struct {
		name    string
		enqueue func(context.Context, Delivery) error
		want    int
	}{
		{"error", (&store{err: errors.New("redis: connection refused")}).enqueue, http.StatusInternalServerError},
		{"in flight", (&store{err: ErrInFlight}).enqueue, http.StatusServiceUnavailable},
		{"panic", func(context.Context, Delivery) error { panic("boom " + testAppSecret) }, http.StatusInternalServerError},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			h, _ := cloudHandler(t, WebhookConfig{Enqueue: tt.enqueue, OnEvent: noOnEvent(t), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			rec := serve(t, h, signedPost(body))
			assert.Equal(t, tt.want, rec.Code, "a failed store must make the provider redeliver")
			assert.NotContains(t, logs.String(), testAppSecret)
			if tt.name == "panic" {
				assert.Contains(t, logs.String(), "Enqueue panicked")
			}
			assert.NotContains(t, rec.Body.String(), "redis")
		})
	}
}

// The handler answers only after Enqueue returned: a slow store holds the
// answer back, it is never answered 200 first.
func TestEnqueueHandlerAnswersAfterTheStore(t *testing.T) {
	body := fixture(t, "cloudapi", "batch.json")
	release := make(chan struct{})
	stored := make(chan struct{})
	h, _ := cloudHandler(t, WebhookConfig{OnEvent: noOnEvent(t), Enqueue: func(context.Context, Delivery) error {
		<-release
		close(stored)
		return nil
	}})
	done := make(chan int)
	go func() { done <- serve(t, h, signedPost(body)).Code }()
	select {
	case <-done:
		t.Fatal("answered before Enqueue returned")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	assert.Equal(t, http.StatusOK, <-done)
	<-stored
}

func TestDeliveryValidate(t *testing.T) {
	assert.NoError(t, Delivery{Provider: ProviderWawp, Body: []byte("{}")}.Validate())
	for _, d := range []Delivery{
		{Body: []byte("{}")},
		{Provider: "telegram", Body: []byte("{}")},
		{Provider: strings.Repeat("x", 1000), Body: []byte("{}")},
		{Provider: ProviderCloudAPI},
	} {
		err := d.Validate()
		require.ErrorIs(t, err, ErrBadPayload)
		assert.Less(t, len(err.Error()), 200, "a stored name is not echoed whole")
	}
}
