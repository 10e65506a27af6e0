package waack

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Process hands OnEvent exactly the events the synchronous handler would,
// in the same order, for every provider's fixtures.
func TestProcessDeliversWhatTheHandlerDelivers(t *testing.T) {
	for _, tt := range []struct {
		p    Provider
		file string
	}{
		{CloudAPI{}, "batch.json"}, {CloudAPI{}, "bsuid.json"}, {CloudAPI{}, "errors.json"},
		{OneMsg{}, "messages.json"}, {OneMsg{}, "acks.json"},
		{Wawp{}, "message.json"}, {Wawp{}, "ack_read.json"}, {Wawp{}, "reaction_waha.json"},
	} {
		dir := map[string]string{ProviderCloudAPI: "cloudapi", ProviderOneMsg: "onemsg", ProviderWawp: "wawp"}[tt.p.Name()]
		t.Run(dir+"/"+tt.file, func(t *testing.T) {
			body := fixture(t, dir, tt.file)
			h, handled := newHandler(t, tt.p, WebhookConfig{AppSecret: testAppSecret, Secret: testSecret})
			req := signedPost(body)
			req.Header.Set(SecretHeader, testSecret)
			require.Equal(t, http.StatusOK, serve(t, h, req).Code)

			processed := &sink{}
			err := Process(context.Background(), Delivery{Provider: tt.p.Name(), Body: body},
				WebhookConfig{OnEvent: processed.onEvent, Dedup: NewMemoryDeduper(0)})
			require.NoError(t, err)
			require.NotEmpty(t, handled.got())
			assert.Equal(t, handled.got(), processed.got())
		})
	}
}

// A redelivered body, on another "worker" sharing the Deduper, reaches
// OnEvent once; a failure releases the event and stops the delivery, and
// the retry skips what was done.
func TestProcessDeduplicatesAcrossCallsAndReleasesOnFailure(t *testing.T) {
	body := fixture(t, "cloudapi", "batch.json")
	want, err := ParseCloudAPIWebhook(body)
	require.NoError(t, err)
	require.Greater(t, len(want), 2)
	d := Delivery{Provider: ProviderCloudAPI, Body: body}
	shared := NewMemoryDeduper(0)
	boom := errors.New("provider down")
	s := &sink{fail: func(call int, _ Event) error {
		if call == 2 {
			return boom
		}
		return nil
	}}
	cfg := WebhookConfig{OnEvent: s.onEvent, Dedup: shared}

	require.ErrorIs(t, Process(context.Background(), d, cfg), boom, "OnEvent's error comes back")
	assert.Equal(t, want[:1], s.got(), "stops at the first failure")
	require.NoError(t, Process(context.Background(), d, cfg), "the retry")
	require.NoError(t, Process(context.Background(), d, cfg), "a duplicate")
	// Error events have no key and are never de-duplicated, as in the
	// handler: the duplicate delivers the batch's one ErrorEvent again.
	var errorEvent Event
	for _, ev := range want {
		if _, ok := ev.(ErrorEvent); ok {
			errorEvent = ev
		}
	}
	require.NotNil(t, errorEvent)
	assert.Equal(t, append(want, errorEvent), s.got(), "each event once, in order, the failed one retried")
	assert.Equal(t, len(want)+2, s.calls)
}

func TestProcessRecoversAPanic(t *testing.T) {
	var logs bytes.Buffer
	body := fixture(t, "cloudapi", "message_only.json")
	calls := 0
	cfg := WebhookConfig{
		Dedup:  NewMemoryDeduper(0),
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		OnEvent: func(context.Context, Event) error {
			calls++
			if calls == 1 {
				panic("secret " + testAppSecret)
			}
			return nil
		},
	}
	d := Delivery{Provider: ProviderCloudAPI, Body: body}
	err := Process(context.Background(), d, cfg)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testAppSecret)
	assert.NotContains(t, logs.String(), testAppSecret)
	assert.Contains(t, logs.String(), "OnEvent panicked")
	require.NoError(t, Process(context.Background(), d, cfg), "the panic released the event")
	assert.Equal(t, 2, calls)
}

func TestProcessRefusesWhatItCannotHandle(t *testing.T) {
	s := &sink{}
	cfg := WebhookConfig{OnEvent: s.onEvent, Dedup: NoDedup(), MaxBodyBytes: 64}
	for name, d := range map[string]Delivery{
		"unknown provider": {Provider: "telegram", Body: []byte(`{}`)},
		"no provider":      {Body: []byte(`{}`)},
		"empty body":       {Provider: ProviderWawp},
		"not JSON":         {Provider: ProviderCloudAPI, Body: []byte(`<html>`)},
		"a JSON array":     {Provider: ProviderOneMsg, Body: []byte(`[1,2]`)},
		"over the cap":     {Provider: ProviderCloudAPI, Body: bytes.Repeat([]byte(" "), 65)},
	} {
		assert.ErrorIs(t, Process(context.Background(), d, cfg), ErrBadPayload, name)
	}
	assert.Zero(t, s.calls)
}

func TestProcessConfig(t *testing.T) {
	d := Delivery{Provider: ProviderCloudAPI, Body: fixture(t, "cloudapi", "message_only.json")}
	s := &sink{}
	err := Process(context.Background(), d, WebhookConfig{OnEvent: s.onEvent})
	require.ErrorIs(t, err, ErrInvalidConfig, "no Deduper: a per-call one would forget everything")
	assert.Contains(t, err.Error(), "NoDedup")
	require.ErrorIs(t, Process(context.Background(), d, WebhookConfig{Dedup: NoDedup()}), ErrInvalidConfig, "no OnEvent")
	_, err = NewProcessor(WebhookConfig{OnEvent: s.onEvent, MaxBodyBytes: -1})
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Zero(t, s.calls)

	// NewProcessor keeps its own Deduper across calls.
	p, err := NewProcessor(WebhookConfig{OnEvent: s.onEvent})
	require.NoError(t, err)
	require.NoError(t, p.Process(context.Background(), d))
	require.NoError(t, p.Process(context.Background(), d))
	assert.Equal(t, 1, s.calls, "the second is a duplicate")

	// NoDedup delivers every time.
	for range 2 {
		require.NoError(t, Process(context.Background(), d, WebhookConfig{OnEvent: s.onEvent, Dedup: NoDedup()}))
	}
	assert.Equal(t, 3, s.calls)
}

func TestDeliveryFromContext(t *testing.T) {
	d := Delivery{Provider: ProviderCloudAPI, Body: fixture(t, "cloudapi", "message_only.json"), ID: "1-0", Attempt: 3}
	var got Delivery
	var ok bool
	err := Process(context.Background(), d, WebhookConfig{Dedup: NoDedup(), OnEvent: func(ctx context.Context, _ Event) error {
		got, ok = DeliveryFromContext(ctx)
		return nil
	}})
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, d, got)
	_, ok = DeliveryFromContext(context.Background())
	assert.False(t, ok)
}
