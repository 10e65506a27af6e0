package waack

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Seeds: every fixture (the committed corpora under testdata/fuzz hold
// them too) and a few edge shapes.

func addFixtureSeeds(f *testing.F, dir string) {
	entries, err := os.ReadDir(filepath.Join("testdata", "webhooks", dir))
	require.NoError(f, err)
	for _, e := range entries {
		f.Add(fixture(f, dir, e.Name()))
	}
	for _, s := range []string{"", "{}", "[]", "null", `{"entry":[{"changes":[{"field":"messages","value":{"messages":[{}],"statuses":[{}],"errors":[{}]}}]}]}`} {
		f.Add([]byte(s))
	}
}

// checkEvents asserts what every parse result must satisfy.
func checkEvents(t *testing.T, provider string, parse func([]byte) ([]Event, error), body []byte) {
	evs, err := parse(body)
	if err != nil {
		require.ErrorIs(t, err, ErrBadPayload)
		require.Nil(t, evs)
		return
	}
	again, err := parse(body)
	require.NoError(t, err)
	require.Equal(t, evs, again, "deterministic")
	for _, ev := range evs {
		require.NotNil(t, ev)
		require.Equal(t, provider, ev.EventProvider())
		switch e := ev.(type) {
		case MessageEvent:
			checkTime(t, e.Timestamp.Unix(), e.Timestamp.IsZero())
		case ReactionEvent:
			require.Equal(t, e.Removed, e.Emoji == "", "Removed exactly when there is no emoji")
			checkTime(t, e.Timestamp.Unix(), e.Timestamp.IsZero())
		case StatusEvent:
			if e.Status == StatusFailed {
				require.NotNil(t, e.Err, "a failure always explains itself")
			}
			if e.Err != nil {
				checkWebhookError(t, provider, e.Err)
			}
			checkTime(t, e.Timestamp.Unix(), e.Timestamp.IsZero())
		case NoticeEvent:
			require.NotEmpty(t, e.Kind, "a notice says what it is")
			checkTime(t, e.Timestamp.Unix(), e.Timestamp.IsZero())
		case EchoEvent:
			checkTime(t, e.Timestamp.Unix(), e.Timestamp.IsZero())
		case ErrorEvent:
			require.NotNil(t, e.Err)
			checkWebhookError(t, provider, e.Err)
		default:
			t.Fatalf("unexpected event type %T", ev)
		}
	}
}

func checkTime(t *testing.T, unix int64, zero bool) {
	if !zero {
		require.True(t, unix >= 0 && unix <= 253402300799, "timestamp %d after 9999-12-31", unix)
	}
}

func checkWebhookError(t *testing.T, provider string, e *APIError) {
	require.Equal(t, provider, e.Provider)
	require.Equal(t, OpWebhook, e.Op)
	require.Zero(t, e.HTTPStatus)
	_ = e.Error() // must not panic
}

func FuzzParseCloudAPIWebhook(f *testing.F) {
	addFixtureSeeds(f, "cloudapi")
	f.Fuzz(func(t *testing.T, body []byte) {
		checkEvents(t, ProviderCloudAPI, ParseCloudAPIWebhook, body)
	})
}

func FuzzParseOneMsgWebhook(f *testing.F) {
	addFixtureSeeds(f, "onemsg")
	f.Fuzz(func(t *testing.T, body []byte) {
		checkEvents(t, ProviderOneMsg, ParseOneMsgWebhook, body)
	})
}

func FuzzParseWawpWebhook(f *testing.F) {
	addFixtureSeeds(f, "wawp")
	f.Fuzz(func(t *testing.T, body []byte) {
		checkEvents(t, ProviderWawp, ParseWawpWebhook, body)
	})
}

// FuzzWebhookHandler posts a body to a handler of one of the three kinds,
// authenticated properly or with the fuzzed credential, and checks that an
// unauthenticated body never reaches OnEvent, that an accepted one hands
// OnEvent exactly what the parser returns, and that nothing but the
// expected codes (and no secret) comes back.
func FuzzWebhookHandler(f *testing.F) {
	for kind, dir := range []string{"cloudapi", "onemsg", "wawp"} {
		entries, err := os.ReadDir(filepath.Join("testdata", "webhooks", dir))
		require.NoError(f, err)
		for _, e := range entries {
			f.Add(byte(kind), true, "", fixture(f, dir, e.Name()))
		}
		f.Add(byte(kind), false, "sha256="+string(bytes.Repeat([]byte("0"), 64)), []byte("{}"))
		f.Add(byte(kind), false, testSecret, []byte(`{"entry":[]}`))
		f.Add(byte(kind), true, "", []byte("{"))
	}
	providers := []Provider{CloudAPI{}, OneMsg{}, Wawp{}}
	parsers := []func([]byte) ([]Event, error){ParseCloudAPIWebhook, ParseOneMsgWebhook, ParseWawpWebhook}
	f.Fuzz(func(t *testing.T, kind byte, authed bool, credential string, body []byte) {
		k := int(kind) % len(providers)
		var got []Event
		h, err := NewWebhookHandler(providers[k], WebhookConfig{
			AppSecret:    testAppSecret,
			Secret:       testSecret,
			VerifyToken:  testVerifyToken,
			MaxBodyBytes: 1 << 16,
			Dedup:        NoDedup(),
			OnEvent: func(_ context.Context, ev Event) error {
				got = append(got, ev)
				return nil
			},
		})
		require.NoError(t, err)

		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
		if authed {
			credential = testSecret
			if k == 0 {
				credential = SignCloudAPIWebhook(body, testAppSecret)
			}
		}
		if k == 0 {
			req.Header.Set("X-Hub-Signature-256", credential)
		} else {
			req.URL.RawQuery = url.Values{SecretQueryParam: {credential}}.Encode()
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		valid := authed || (k != 0 && credential == testSecret) ||
			(k == 0 && credential == SignCloudAPIWebhook(body, testAppSecret))
		want, parseErr := parsers[k](body)
		switch {
		case !valid:
			require.Equal(t, http.StatusUnauthorized, rec.Code)
		case len(body) > 1<<16:
			require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		case parseErr != nil:
			require.Equal(t, http.StatusBadRequest, rec.Code)
		default:
			require.Equal(t, http.StatusOK, rec.Code)
			require.Equal(t, want, got, "OnEvent sees exactly the parsed events")
		}
		if rec.Code != http.StatusOK {
			require.Empty(t, got)
		}
		for _, secret := range []string{testAppSecret, testSecret, testVerifyToken} {
			require.NotContains(t, rec.Body.String(), secret)
		}
	})
}
