package waack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/testkit"
)

// recorded is what a loopback provider saw of one request.
type recorded struct {
	header http.Header
	query  string
}

// recordingServer answers every request with status and body and keeps
// what it saw.
func recordingServer(t *testing.T, status int, body string) (*httptest.Server, func() []recorded) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []recorded
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		seen = append(seen, recorded{header: r.Header.Clone(), query: r.URL.RawQuery})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, func() []recorded {
		mu.Lock()
		defer mu.Unlock()
		return append([]recorded(nil), seen...)
	}
}

// restyLog collects resty's own log lines.
type restyLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *restyLog) printf(format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, format+"\n", v...)
}
func (l *restyLog) Errorf(format string, v ...any) { l.printf(format, v...) }
func (l *restyLog) Warnf(format string, v ...any)  { l.printf(format, v...) }
func (l *restyLog) Debugf(format string, v ...any) { l.printf(format, v...) }
func (l *restyLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// programResty is a resty client configured for a program's other API,
// with the settings that must not leak into waack's requests.
func programResty(log resty.Logger) *resty.Client {
	return resty.New().
		SetLogger(log).
		SetDebug(true).
		SetRetryCount(5).
		SetRetryWaitTime(time.Millisecond).
		SetRetryMaxWaitTime(time.Millisecond).
		AddRetryCondition(func(*resty.Response, error) bool { return true }).
		SetBaseURL("http://other-api.invalid").
		SetHeader("X-Other-Api-Key", "other-api-key").
		SetAuthToken("other-api-token").
		SetQueryParam("other", "param")
}

func TestWithRestyClientKeepsWaackSemantics(t *testing.T) {
	log := &restyLog{}
	rc := programResty(log)
	var before, success, preRequest atomic.Int32
	rc.OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error {
		before.Add(1)
		r.SetHeader("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
		return nil
	})
	rc.OnSuccess(func(*resty.Client, *resty.Response) { success.Add(1) })
	rc.SetPreRequestHook(func(*resty.Client, *http.Request) error { preRequest.Add(1); return nil })

	// A retryable refusal: waack retries it MaxAttempts times, resty not at all.
	srv, seen := recordingServer(t, http.StatusServiceUnavailable, `{"error":{"code":131000,"message":"Something went wrong"}}`)
	one := waack.OneMsg{ChannelID: "ODI371267300", Token: "onemsg-token-semantics", BaseURL: srv.URL}
	c, err := waack.New(one, waack.WithRestyClient(rc), quickRetry())
	require.NoError(t, err)
	_, err = c.React(context.Background(), waack.Reaction{To: faultCustomer, MessageID: faultTarget, Emoji: "👍"})
	require.ErrorIs(t, err, waack.ErrServiceUnavailable)

	got := seen()
	require.Len(t, got, 3, "waack's 3 attempts, none of resty's retries")
	for _, r := range got {
		assert.Empty(t, r.header.Values("X-Other-Api-Key"), "the program's default headers stay with its other API")
		assert.Empty(t, r.header.Values("Authorization"), "the program's auth token stays with its other API")
		assert.NotContains(t, r.query, "other=param")
		assert.Contains(t, r.query, "token=onemsg-token-semantics")
		assert.Equal(t, "waack-go/"+waack.Version, r.header.Get("User-Agent"))
		assert.NotEmpty(t, r.header.Get("Traceparent"), "the program's middleware runs")
	}
	assert.EqualValues(t, 3, before.Load())
	assert.EqualValues(t, 3, preRequest.Load())
	assert.EqualValues(t, 3, success.Load())
	assert.NotContains(t, log.String(), "onemsg-token-semantics", "resty's debug log is off on waack's requests")

	// The program's client is as it was.
	assert.Equal(t, 5, rc.RetryCount)
	assert.True(t, rc.Debug)
	assert.Equal(t, "other-api-key", rc.Header.Get("X-Other-Api-Key"))
	assert.Equal(t, "other-api-token", rc.Token)
	assert.Equal(t, "http://other-api.invalid", rc.BaseURL)
}

func TestWithRestyClientNeverResendsAmbiguousText(t *testing.T) {
	srv, seen := recordingServer(t, http.StatusInternalServerError, ``)
	c, err := waack.New(waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: "cloud-token-ambiguous", BaseURL: srv.URL},
		waack.WithRestyClient(programResty(&restyLog{})), quickRetry())
	require.NoError(t, err)
	_, err = c.SendText(context.Background(), waack.Text{To: faultCustomer, Body: faultText})
	require.ErrorIs(t, err, waack.ErrOutcomeUnknown)
	assert.Len(t, seen(), 1)
}

// TestRestyMiddlewareRefusalIsNotSent: a request that a shared client's
// middleware or rate limiter refused never left the process, so a text is
// not ErrOutcomeUnknown; and a middleware error that quotes the URL does
// not carry 1MSG's token into waack's error.
func TestRestyMiddlewareRefusalIsNotSent(t *testing.T) {
	srv, seen := recordingServer(t, http.StatusOK, `{"sent":true,"id":"true_1@c.us_X"}`)
	const token = "onemsg-token-middleware"
	rc := resty.New().OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error {
		return fmt.Errorf("tracing refused %s", r.URL)
	})
	c, err := waack.New(waack.OneMsg{ChannelID: "ODI371267300", Token: token, BaseURL: srv.URL},
		waack.WithRestyClient(rc), waack.WithRetry(waack.RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	_, err = c.SendText(context.Background(), waack.Text{To: faultCustomer, Body: faultText})
	require.ErrorIs(t, err, waack.ErrServiceUnavailable)
	assert.False(t, errors.Is(err, waack.ErrOutcomeUnknown))
	assert.Contains(t, err.Error(), "tracing refused")
	assert.NotContains(t, fmtChain(err), token)
	assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), token)
	assert.Empty(t, seen())
}

func TestWithRestyClientRejectsUnusableClients(t *testing.T) {
	for name, rc := range map[string]*resty.Client{"nil": nil, "zero value": {}} {
		_, err := waack.New(waack.CloudAPI{PhoneNumberID: "1", AccessToken: "t"}, waack.WithRestyClient(rc))
		assert.ErrorIs(t, err, waack.ErrInvalidConfig, name)
	}
}

// timingLine is the debug record of one exchange.
type timingLine struct {
	Msg        string `json:"msg"`
	Provider   string `json:"provider"`
	Status     int    `json:"status"`
	ConnReused *bool  `json:"conn_reused"`
	ServerTime *int64 `json:"server_time"`
	Total      int64  `json:"total"`
}

// TestDebugLogReportsRestyTiming: WithLogger at debug level gets resty's
// trace of every exchange (connection reused or not, server time, total)
// and no credential in any attribute.
func TestDebugLogReportsRestyTiming(t *testing.T) {
	srv, _ := recordingServer(t, http.StatusOK, `{"messages":[{"id":"wamid.1"}],"sent":true,"id":"true_1@c.us_X"}`)
	providers := map[string]waack.Provider{
		"cloudapi": waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: "cloud-token-timing", BaseURL: srv.URL},
		"1msg":     waack.OneMsg{ChannelID: "ODI371267300", Token: "onemsg-token-timing", BaseURL: srv.URL},
		"wawp":     waack.Wawp{InstanceID: "123456789012", AccessToken: "wawp-token-timing", BaseURL: srv.URL},
	}
	for name, p := range providers {
		t.Run(name, func(t *testing.T) {
			var logs testkit.SyncBuffer
			c, err := waack.New(p, waack.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			require.NoError(t, err)
			for range 2 {
				_, err = c.React(context.Background(), waack.Reaction{To: faultCustomer, MessageID: faultTarget, Emoji: "👍"})
				require.NoError(t, err)
			}
			var lines []timingLine
			for _, raw := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var l timingLine
				require.NoError(t, json.Unmarshal([]byte(raw), &l))
				if l.Msg == "waack http" {
					lines = append(lines, l)
				}
			}
			require.Len(t, lines, 2)
			for i, l := range lines {
				assert.Equal(t, p.Name(), l.Provider)
				assert.Equal(t, http.StatusOK, l.Status)
				require.NotNil(t, l.ConnReused)
				assert.Equal(t, i == 1, *l.ConnReused, "the second send reuses the first one's connection")
				require.NotNil(t, l.ServerTime)
				assert.Positive(t, l.Total)
			}
			for _, s := range []string{"cloud-token-timing", "onemsg-token-timing", "wawp-token-timing"} {
				assert.NotContains(t, logs.String(), s)
			}
		})
	}
}

// TestDefaultRetryPolicyMutationHasNoEffect: DefaultRetryPolicy is an
// exported variable (the public contract keeps it); changing it must not
// retune the clients of the program.
func TestDefaultRetryPolicyMutationHasNoEffect(t *testing.T) {
	saved := waack.DefaultRetryPolicy
	assert.Equal(t, waack.RetryPolicy{MaxAttempts: 3, MinBackoff: 200 * time.Millisecond, MaxBackoff: 5 * time.Second}, saved)
	waack.DefaultRetryPolicy = waack.RetryPolicy{MaxAttempts: 50, MinBackoff: time.Hour, MaxBackoff: time.Hour}
	t.Cleanup(func() { waack.DefaultRetryPolicy = saved })

	srv, seen := recordingServer(t, http.StatusServiceUnavailable, `{"error":{"code":131000,"message":"Something went wrong"}}`)
	p := waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: "cloud-token-retry", BaseURL: srv.URL}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for name, opts := range map[string][]waack.Option{
		"default policy":              nil,
		"zero fields take defaults":   {waack.WithRetry(waack.RetryPolicy{MaxAttempts: 2})},
		"zero policy is the defaults": {waack.WithRetry(waack.RetryPolicy{})},
	} {
		c, err := waack.New(p, opts...)
		require.NoError(t, err, name)
		n := len(seen())
		start := time.Now()
		err = c.MarkRead(ctx, waack.ReadReceipt{MessageID: "wamid.1"})
		require.ErrorIs(t, err, waack.ErrServiceUnavailable, name)
		want := 3
		if opts != nil && name == "zero fields take defaults" {
			want = 2
		}
		assert.Equal(t, want, len(seen())-n, name)
		assert.Less(t, time.Since(start), 5*time.Second, "%s: waits from 200 ms, not the hour of the mutated variable", name)
	}
}

// quickRetry retries as the default policy does, with millisecond waits.
func quickRetry() waack.Option {
	return waack.WithRetry(waack.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
}

// TestRestyDebugNeverLogsCredentials: even when the program's middleware
// turns resty's debug mode on for a request, resty's request and response
// logs (which print the URL and the headers) go nowhere.
func TestRestyDebugNeverLogsCredentials(t *testing.T) {
	srv, _ := recordingServer(t, http.StatusOK, `{"messages":[{"id":"wamid.1"}]}`)
	log := &restyLog{}
	var logged atomic.Int32
	rc := resty.New().SetLogger(log).SetDebug(true).
		OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error {
			r.SetDebug(true)
			return nil
		}).
		OnRequestLog(func(*resty.RequestLog) error { logged.Add(1); return nil })
	const key = "d360-key-debug-0123456789"
	c, err := waack.New(waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: key, AuthHeader: "D360-API-KEY", BaseURL: srv.URL},
		waack.WithRestyClient(rc))
	require.NoError(t, err)
	_, err = c.React(context.Background(), waack.Reaction{To: faultCustomer, MessageID: faultTarget, Emoji: "👍"})
	require.NoError(t, err)
	assert.NotContains(t, log.String(), key)
	assert.Zero(t, logged.Load(), "the program's request-log callback does not see waack's requests")
}
