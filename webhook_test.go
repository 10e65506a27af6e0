package waack

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testAppSecret   = "app-secret-must-not-leak"
	testSecret      = "hook-secret-must-not-leak"
	testVerifyToken = "verify-token-must-not-leak"
)

// sink records the events OnEvent received; fail, when set, may refuse one.
type sink struct {
	mu     sync.Mutex
	events []Event
	calls  int
	fail   func(call int, ev Event) error
}

func (s *sink) onEvent(_ context.Context, ev Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.fail != nil {
		if err := s.fail(s.calls, ev); err != nil {
			return err
		}
	}
	s.events = append(s.events, ev)
	return nil
}

func (s *sink) got() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.events...)
}

func newHandler(t *testing.T, p Provider, cfg WebhookConfig) (http.Handler, *sink) {
	t.Helper()
	s := &sink{}
	if cfg.OnEvent == nil {
		cfg.OnEvent = s.onEvent
	}
	h, err := NewWebhookHandler(p, cfg)
	require.NoError(t, err)
	return h, s
}

func cloudHandler(t *testing.T, cfg WebhookConfig) (http.Handler, *sink) {
	t.Helper()
	cfg.AppSecret = testAppSecret
	cfg.VerifyToken = testVerifyToken
	return newHandler(t, CloudAPI{}, cfg)
}

// serve runs one request through h and checks that no secret leaks into
// the answer.
func serve(t *testing.T, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	answer := rec.Body.String() + strings.Join(rec.Header().Values("Allow"), ",")
	for _, secret := range []string{testAppSecret, testSecret, testVerifyToken} {
		assert.NotContains(t, answer, secret)
	}
	return rec
}

// signedPost is a Cloud API POST signed with the test app secret.
func signedPost(body []byte) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
	req.Header.Set("X-Hub-Signature-256", SignCloudAPIWebhook(body, testAppSecret))
	return req
}

func TestWebhookHandlerCloudAPISignature(t *testing.T) {
	body := fixture(t, "cloudapi", "batch.json")
	good := SignCloudAPIWebhook(body, testAppSecret)
	hexPart := strings.TrimPrefix(good, "sha256=")
	tests := []struct {
		name   string
		values []string // X-Hub-Signature-256 header values
		want   int
	}{
		{"good", []string{good}, http.StatusOK},
		{"missing", nil, http.StatusUnauthorized},
		{"empty", []string{""}, http.StatusUnauthorized},
		{"sha1", []string{"sha1=" + hexPart[:40]}, http.StatusUnauthorized},
		{"sha1 prefix with a sha256 digest", []string{"sha1=" + hexPart}, http.StatusUnauthorized},
		{"no prefix", []string{hexPart}, http.StatusUnauthorized},
		{"uppercase prefix", []string{"SHA256=" + hexPart}, http.StatusUnauthorized},
		{"too short", []string{good[:len(good)-1]}, http.StatusUnauthorized},
		{"too long", []string{good + "0"}, http.StatusUnauthorized},
		{"uppercase hex", []string{"sha256=" + strings.ToUpper(hexPart)}, http.StatusUnauthorized},
		{"not hex", []string{"sha256=" + strings.Repeat("zz", 32)}, http.StatusUnauthorized},
		{"trailing space", []string{good + " "}, http.StatusUnauthorized},
		{"another secret", []string{SignCloudAPIWebhook(body, "other-secret")}, http.StatusUnauthorized},
		{"another body", []string{SignCloudAPIWebhook(append([]byte(" "), body...), testAppSecret)}, http.StatusUnauthorized},
		{"empty app secret", []string{SignCloudAPIWebhook(body, "")}, http.StatusUnauthorized},
		{"two headers", []string{good, good}, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, s := cloudHandler(t, WebhookConfig{})
			req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
			for _, v := range tt.values {
				req.Header.Add("X-Hub-Signature-256", v)
			}
			rec := serve(t, h, req)
			assert.Equal(t, tt.want, rec.Code)
			if tt.want == http.StatusOK {
				want, err := ParseCloudAPIWebhook(body)
				require.NoError(t, err)
				assert.Equal(t, want, s.got(), "every event, in order")
			} else {
				assert.Zero(t, s.calls, "OnEvent must not see an unverified body")
			}
		})
	}
}

func TestVerifyCloudAPISignature(t *testing.T) {
	body := []byte(`{"object":"whatsapp_business_account"}`)
	sig := SignCloudAPIWebhook(body, testAppSecret)
	assert.NoError(t, VerifyCloudAPISignature(body, sig, testAppSecret))
	for _, tt := range []struct{ sig, secret string }{
		{sig, ""},
		{sig, "other"},
		{"", testAppSecret},
		{"sha256=" + strings.ToUpper(sig[7:]), testAppSecret},
		{sig[:70], testAppSecret},
	} {
		err := VerifyCloudAPISignature(body, tt.sig, tt.secret)
		assert.ErrorIs(t, err, ErrBadSignature, tt.sig)
		if err != nil {
			assert.NotContains(t, err.Error(), testAppSecret)
		}
	}
}

func TestSignCloudAPIWebhook(t *testing.T) {
	// Computed independently: printf '%s' '{"a":1}' | openssl dgst -sha256 -hmac secret
	assert.Equal(t, "sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494",
		SignCloudAPIWebhook([]byte(`{"a":1}`), "secret"))
	// RFC 4231, test case 2.
	assert.Equal(t, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		SignCloudAPIWebhook([]byte("what do ya want for nothing?"), "Jefe"))
}

func TestWebhookHandlerHandshake(t *testing.T) {
	tests := []struct {
		name  string
		token string // the configured VerifyToken
		query url.Values
		want  int
	}{
		{"echo", testVerifyToken, url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {testVerifyToken}, "hub.challenge": {"1158201444"}}, http.StatusOK},
		{"bad token", testVerifyToken, url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {"wrong"}, "hub.challenge": {"1"}}, http.StatusForbidden},
		{"token prefix", testVerifyToken, url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {testVerifyToken[:5]}, "hub.challenge": {"1"}}, http.StatusForbidden},
		{"no token", testVerifyToken, url.Values{"hub.mode": {"subscribe"}, "hub.challenge": {"1"}}, http.StatusForbidden},
		{"wrong mode", testVerifyToken, url.Values{"hub.mode": {"unsubscribe"}, "hub.verify_token": {testVerifyToken}, "hub.challenge": {"1"}}, http.StatusForbidden},
		{"no mode", testVerifyToken, url.Values{"hub.verify_token": {testVerifyToken}, "hub.challenge": {"1"}}, http.StatusForbidden},
		{"no verify token configured", "", url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {""}, "hub.challenge": {"1"}}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, s := newHandler(t, CloudAPI{}, WebhookConfig{AppSecret: testAppSecret, VerifyToken: tt.token})
			rec := serve(t, h, httptest.NewRequest(http.MethodGet, "/hook?"+tt.query.Encode(), nil))
			assert.Equal(t, tt.want, rec.Code)
			if tt.want == http.StatusOK {
				assert.Equal(t, tt.query.Get("hub.challenge"), rec.Body.String(), "the raw challenge")
				assert.Equal(t, "text/plain; charset=utf-8", rec.Header().Get("Content-Type"))
			} else {
				assert.Equal(t, "Forbidden\n", rec.Body.String(), "no challenge echoed")
			}
			assert.Zero(t, s.calls)
		})
	}
}

func TestWebhookHandlerMethodNotAllowed(t *testing.T) {
	cloud, _ := cloudHandler(t, WebhookConfig{})
	oneMsg, _ := newHandler(t, OneMsg{}, WebhookConfig{Secret: testSecret})
	wawp, _ := newHandler(t, Wawp{}, WebhookConfig{Secret: testSecret})
	for _, tt := range []struct {
		h      http.Handler
		method string
		allow  string
	}{
		{cloud, http.MethodPut, "GET, POST"},
		{cloud, http.MethodDelete, "GET, POST"},
		{cloud, http.MethodHead, "GET, POST"},
		{oneMsg, http.MethodGet, "POST"},
		{wawp, http.MethodGet, "POST"},
		{wawp, http.MethodPatch, "POST"},
	} {
		rec := serve(t, tt.h, httptest.NewRequest(tt.method, "/hook?secret="+testSecret, nil))
		assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, tt.method)
		assert.Equal(t, tt.allow, rec.Header().Get("Allow"), tt.method)
	}
}

func TestWebhookHandlerBodyLimit(t *testing.T) {
	body := fixture(t, "cloudapi", "message_only.json")
	limit := int64(len(body))

	h, s := cloudHandler(t, WebhookConfig{MaxBodyBytes: limit})
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code, "exactly at the limit")
	assert.Equal(t, 1, s.calls)

	big := append(append([]byte(nil), body...), ' ')
	assert.Equal(t, http.StatusRequestEntityTooLarge, serve(t, h, signedPost(big)).Code, "declared length over the limit")

	chunked := signedPost(big)
	chunked.ContentLength = -1 // unknown length: the cap applies while reading
	chunked.Body = io.NopCloser(bytes.NewReader(big))
	assert.Equal(t, http.StatusRequestEntityTooLarge, serve(t, h, chunked).Code, "undeclared length over the limit")
	assert.Equal(t, 1, s.calls)

	def, _ := cloudHandler(t, WebhookConfig{})
	huge := bytes.Repeat([]byte(" "), DefaultMaxWebhookBytes+1)
	assert.Equal(t, http.StatusRequestEntityTooLarge, serve(t, def, signedPost(huge)).Code, "default cap")
}

func TestWebhookHandlerBadPayload(t *testing.T) {
	h, s := cloudHandler(t, WebhookConfig{})
	for _, body := range []string{"{", "[]", "", "null", `{"entry":[`} {
		assert.Equal(t, http.StatusBadRequest, serve(t, h, signedPost([]byte(body))).Code, body)
	}
	assert.Zero(t, s.calls)

	// A bad body that is not signed is refused as unauthenticated first.
	req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader("{"))
	assert.Equal(t, http.StatusUnauthorized, serve(t, h, req).Code)
}

func TestWebhookHandlerRedeliveryAfterFailure(t *testing.T) {
	body := fixture(t, "cloudapi", "reactions.json") // 4 reactions
	h, s := cloudHandler(t, WebhookConfig{})
	var attempts []string
	s.fail = func(call int, ev Event) error {
		attempts = append(attempts, ev.(ReactionEvent).ID)
		if call == 2 {
			return errors.New("database down")
		}
		return nil
	}
	rec := serve(t, h, signedPost(body))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.NotContains(t, rec.Body.String(), "database down", "OnEvent's error stays private")
	assert.Equal(t, []string{"wamid.R1", "wamid.R2"}, attempts, "stops at the first failure")

	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	assert.Equal(t, []string{"wamid.R1", "wamid.R2", "wamid.R2", "wamid.R3", "wamid.R4"}, attempts,
		"the redelivery skips R1 (done) and retries R2")

	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	assert.Len(t, attempts, 5, "a third delivery is a duplicate throughout")
	assert.Len(t, s.got(), 4, "each event handled once")
}

func TestWebhookHandlerDropsDuplicates(t *testing.T) {
	body := fixture(t, "cloudapi", "batch.json")
	want, err := ParseCloudAPIWebhook(body)
	require.NoError(t, err)
	var errorEvents int
	for _, ev := range want {
		if _, ok := ev.(ErrorEvent); ok {
			errorEvents++
		}
	}

	h, s := cloudHandler(t, WebhookConfig{})
	for range 3 {
		assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	}
	assert.Equal(t, len(want)+2*errorEvents, len(s.got()), "only error events (which have no id) repeat")

	h, s = cloudHandler(t, WebhookConfig{Dedup: NoDedup()})
	for range 2 {
		assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	}
	assert.Equal(t, append(append([]Event(nil), want...), want...), s.got(), "NoDedup passes everything")
}

func TestWebhookHandlerSameStatusTwiceInOneBody(t *testing.T) {
	body := []byte(`{"entry":[{"changes":[{"field":"messages","value":{"statuses":[
		{"id":"wamid.A","status":"read","recipient_id":"16505551234"},
		{"id":"wamid.A","status":"read","recipient_id":"16505551234"},
		{"id":"wamid.A","status":"delivered","recipient_id":"16505551234"}]}}]}]}`)
	h, s := cloudHandler(t, WebhookConfig{})
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	got := s.got()
	require.Len(t, got, 2)
	assert.Equal(t, StatusRead, got[0].(StatusEvent).Status)
	assert.Equal(t, StatusDelivered, got[1].(StatusEvent).Status, "message id + status is the key")
}

// flakyDeduper fails where told and records releases.
type flakyDeduper struct {
	Deduper
	seenErr, doneErr error
	released         []string
}

func (d *flakyDeduper) Seen(ctx context.Context, key string) (bool, error) {
	if d.seenErr != nil {
		return false, d.seenErr
	}
	return d.Deduper.Seen(ctx, key)
}

func (d *flakyDeduper) Done(ctx context.Context, key string) error {
	if d.doneErr != nil {
		return d.doneErr
	}
	return d.Deduper.Done(ctx, key)
}

func (d *flakyDeduper) Release(ctx context.Context, key string) error {
	d.released = append(d.released, key)
	return d.Deduper.(DedupReleaser).Release(ctx, key)
}

func TestWebhookHandlerDeduperFailures(t *testing.T) {
	body := fixture(t, "cloudapi", "message_only.json")

	d := &flakyDeduper{Deduper: NewMemoryDeduper(10), seenErr: errors.New("redis down")}
	h, s := cloudHandler(t, WebhookConfig{Dedup: d})
	assert.Equal(t, http.StatusInternalServerError, serve(t, h, signedPost(body)).Code)
	assert.Zero(t, s.calls, "no OnEvent without a dedup answer")

	d = &flakyDeduper{Deduper: NewMemoryDeduper(10), doneErr: errors.New("redis down")}
	h, s = cloudHandler(t, WebhookConfig{Dedup: d})
	assert.Equal(t, http.StatusInternalServerError, serve(t, h, signedPost(body)).Code)
	assert.Equal(t, 1, s.calls)
	assert.Len(t, d.released, 1, "the reservation is released so that the redelivery is processed")

	d.doneErr = nil
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	assert.Equal(t, 2, s.calls, "at least once: processed again after Done failed")
}

func TestWebhookHandlerReleasesOnPanic(t *testing.T) {
	body := fixture(t, "cloudapi", "message_only.json")
	h, s := cloudHandler(t, WebhookConfig{})
	s.fail = func(call int, _ Event) error {
		if call == 1 {
			panic("bug in OnEvent")
		}
		return nil
	}
	assert.Equal(t, http.StatusInternalServerError, serve(t, h, signedPost(body)).Code, "a panic answers 500, not a dropped connection")
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	assert.Len(t, s.got(), 1, "the event that panicked is processed on redelivery")
}

func TestWebhookHandlerSharedSecret(t *testing.T) {
	for _, p := range []Provider{OneMsg{}, Wawp{}} {
		body := fixture(t, "onemsg", "messages.json")
		if p.Name() == ProviderWawp {
			body = fixture(t, "wawp", "message.json")
		}
		tests := []struct {
			name, target, header string
			want                 int
		}{
			{"query", "/hook?secret=" + url.QueryEscape(testSecret), "", http.StatusOK},
			{"header", "/hook", testSecret, http.StatusOK},
			{"query ok, header wrong", "/hook?secret=" + url.QueryEscape(testSecret), "wrong", http.StatusOK},
			{"missing", "/hook", "", http.StatusUnauthorized},
			{"empty query", "/hook?secret=", "", http.StatusUnauthorized},
			{"wrong query", "/hook?secret=wrong", "", http.StatusUnauthorized},
			{"wrong header", "/hook", "wrong", http.StatusUnauthorized},
			{"prefix", "/hook?secret=" + testSecret[:4], "", http.StatusUnauthorized},
			{"case", "/hook?secret=" + strings.ToUpper(testSecret), "", http.StatusUnauthorized},
			{"other parameter", "/hook?token=" + testSecret, "", http.StatusUnauthorized},
		}
		for _, tt := range tests {
			t.Run(p.Name()+" "+tt.name, func(t *testing.T) {
				h, s := newHandler(t, p, WebhookConfig{Secret: testSecret})
				req := httptest.NewRequest(http.MethodPost, tt.target, bytes.NewReader(body))
				if tt.header != "" {
					req.Header.Set(SecretHeader, tt.header)
				}
				assert.Equal(t, tt.want, serve(t, h, req).Code)
				if tt.want == http.StatusOK {
					assert.NotEmpty(t, s.got())
				} else {
					assert.Zero(t, s.calls)
				}
			})
		}
	}
}

func TestWebhookHandlerSignatureIsNotASecret(t *testing.T) {
	// A 1MSG handler ignores X-Hub-Signature-256; a Cloud API handler
	// ignores the shared secret.
	body := fixture(t, "onemsg", "messages.json")
	h, _ := newHandler(t, OneMsg{}, WebhookConfig{Secret: testSecret, AppSecret: testSecret})
	req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
	req.Header.Set("X-Hub-Signature-256", SignCloudAPIWebhook(body, testSecret))
	assert.Equal(t, http.StatusUnauthorized, serve(t, h, req).Code)

	c, _ := newHandler(t, CloudAPI{}, WebhookConfig{AppSecret: testAppSecret, Secret: testSecret})
	req = httptest.NewRequest(http.MethodPost, "/hook?secret="+testSecret, bytes.NewReader(body))
	assert.Equal(t, http.StatusUnauthorized, serve(t, c, req).Code)
}

func TestWebhookHandlerInsecureSkipVerify(t *testing.T) {
	body := fixture(t, "cloudapi", "message_only.json")
	h, s := newHandler(t, CloudAPI{}, WebhookConfig{InsecureSkipVerify: true})
	assert.Equal(t, http.StatusOK, serve(t, h, httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))).Code)
	assert.Len(t, s.got(), 1)

	h, s = newHandler(t, Wawp{}, WebhookConfig{InsecureSkipVerify: true, Secret: testSecret})
	req := httptest.NewRequest(http.MethodPost, "/hook?secret=wrong", bytes.NewReader(fixture(t, "wawp", "message.json")))
	assert.Equal(t, http.StatusOK, serve(t, h, req).Code, "skip means skip, even with a secret set")
	assert.Len(t, s.got(), 1)
}

func TestWebhookHandlerWawpDedup(t *testing.T) {
	h, s := newHandler(t, Wawp{}, WebhookConfig{Secret: testSecret})
	post := func(body string) int {
		req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
		req.Header.Set(SecretHeader, testSecret)
		return serve(t, h, req).Code
	}
	// The same inbound message as "message" and as "message.any".
	assert.Equal(t, http.StatusOK, post(`{"id":"evt_1","event":"message","payload":{"id":"false_1@c.us_A","from":"11111111111@c.us","body":"hi"}}`))
	assert.Equal(t, http.StatusOK, post(`{"id":"evt_2","event":"message.any","payload":{"id":"false_1@c.us_A","from":"11111111111@c.us","body":"hi"}}`))
	assert.Len(t, s.got(), 1)
	// An event without an id falls back to the envelope id.
	for range 2 {
		assert.Equal(t, http.StatusOK, post(`{"id":"evt_3","event":"message","payload":{"from":"11111111111@c.us","body":"no id"}}`))
	}
	assert.Len(t, s.got(), 2)
	assert.Equal(t, http.StatusOK, post(`{"id":"evt_4","event":"message","payload":{"from":"11111111111@c.us","body":"no id"}}`))
	assert.Len(t, s.got(), 3, "another envelope id is another event")
}

func TestWebhookHandlerErrorsAreNotDeduplicated(t *testing.T) {
	body := fixture(t, "cloudapi", "errors.json")
	h, s := cloudHandler(t, WebhookConfig{})
	for range 2 {
		assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	}
	assert.Len(t, s.got(), 4)
}

func TestNewWebhookHandlerConfig(t *testing.T) {
	onEvent := func(context.Context, Event) error { return nil }
	var nilCloud *CloudAPI
	tests := []struct {
		name string
		p    Provider
		cfg  WebhookConfig
		ok   bool
	}{
		{"cloud zero value", CloudAPI{}, WebhookConfig{AppSecret: "s", OnEvent: onEvent}, true},
		{"cloud pointer", &CloudAPI{}, WebhookConfig{AppSecret: "s", OnEvent: onEvent}, true},
		{"cloud full config is irrelevant", CloudAPI{PhoneNumberID: "1", AccessToken: "t"}, WebhookConfig{AppSecret: "s", OnEvent: onEvent}, true},
		{"cloud without app secret", CloudAPI{}, WebhookConfig{Secret: "s", OnEvent: onEvent}, false},
		{"cloud insecure", CloudAPI{}, WebhookConfig{InsecureSkipVerify: true, OnEvent: onEvent}, true},
		{"1msg", OneMsg{}, WebhookConfig{Secret: "s", OnEvent: onEvent}, true},
		{"1msg without secret", OneMsg{}, WebhookConfig{AppSecret: "s", OnEvent: onEvent}, false},
		{"1msg insecure", OneMsg{}, WebhookConfig{InsecureSkipVerify: true, OnEvent: onEvent}, true},
		{"wawp", Wawp{}, WebhookConfig{Secret: "s", OnEvent: onEvent}, true},
		{"wawp without secret", Wawp{}, WebhookConfig{OnEvent: onEvent}, false},
		{"no OnEvent", CloudAPI{}, WebhookConfig{AppSecret: "s"}, false},
		{"no OnEvent even insecure", Wawp{}, WebhookConfig{InsecureSkipVerify: true}, false},
		{"negative limit", CloudAPI{}, WebhookConfig{AppSecret: "s", OnEvent: onEvent, MaxBodyBytes: -1}, false},
		{"nil provider", nil, WebhookConfig{AppSecret: "s", OnEvent: onEvent}, false},
		{"nil pointer provider", nilCloud, WebhookConfig{AppSecret: "s", OnEvent: onEvent}, false},
		{"white space is no secret", Wawp{}, WebhookConfig{Secret: " \t\n", OnEvent: onEvent}, false},
		{"white space is no app secret", CloudAPI{}, WebhookConfig{AppSecret: "  ", AppSecrets: []string{" "}, OnEvent: onEvent}, false},
		{"one of several app secrets", CloudAPI{}, WebhookConfig{AppSecrets: []string{"", "s"}, OnEvent: onEvent}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := NewWebhookHandler(tt.p, tt.cfg)
			if tt.ok {
				require.NoError(t, err)
				assert.NotNil(t, h)
				return
			}
			assert.ErrorIs(t, err, ErrInvalidConfig)
			assert.Nil(t, h)
			assert.NotContains(t, err.Error(), `"s"`)
		})
	}
}
