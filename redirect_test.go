package waack_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

// The credentials of the redirect tests: the target server fails the test
// if any of them reaches it.
const (
	redirCloudKey = "d360-key-0123456789abcdef"
	redirOneToken = "onemsg-token-0123456789"
	redirWawpKey  = "wawp-access-0123456789"
)

// redirectProviders are the three dialects at base, with the credential
// that each carries where a followed redirect would resend it: a relay's
// AuthHeader, 1MSG's token in the query (and the Referer of the next
// request), Wawp's token in the JSON body that a 307 or 308 replays.
func redirectProviders(base string) map[string]waack.Provider {
	return map[string]waack.Provider{
		"cloudapi relay": waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: redirCloudKey, AuthHeader: "D360-API-KEY", BaseURL: base},
		"1msg":           waack.OneMsg{ChannelID: "ODI371267300", Token: redirOneToken, BaseURL: base},
		"wawp":           waack.Wawp{InstanceID: "123456789012", AccessToken: redirWawpKey, BaseURL: base},
	}
}

// witness is the server a redirect points to: it counts every request and
// records any credential it saw, anywhere in the request.
type witness struct {
	*httptest.Server
	mu       sync.Mutex
	requests int
	leaked   []string
}

func newWitness(t *testing.T) *witness {
	w := &witness{}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		seen := r.URL.String() + " " + string(body)
		for k, v := range r.Header {
			seen += " " + k + ": " + strings.Join(v, ",")
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		w.requests++
		for _, s := range []string{redirCloudKey, redirOneToken, redirWawpKey} {
			if strings.Contains(seen, s) {
				w.leaked = append(w.leaked, s)
			}
		}
		_, _ = rw.Write([]byte(`{"messages":[{"id":"wamid.stolen"}],"sent":true,"id":"true_1@c.us_X"}`))
	}))
	t.Cleanup(w.Close)
	return w
}

func (w *witness) assertUntouched(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	assert.Zero(t, w.requests, "the redirect was followed")
	assert.Empty(t, w.leaked, "credentials reached the redirect's target")
}

// redirector answers every request with status and a Location on the
// witness, and a body that looks like a success and like a retryable
// refusal: neither may be believed.
func redirector(status int, to string, requests *int, mu *sync.Mutex) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		*requests++
		mu.Unlock()
		w.Header().Set("Location", to+"/v23.0/stolen?from=redirect")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"messages":[{"id":"wamid.redirect"}],"error":{"code":131000,"message":"try again"}}`))
	})
}

var redirectStatuses = []int{
	http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
	http.StatusTemporaryRedirect, http.StatusPermanentRedirect,
}

// redirectClients are the ways to build a client: none may follow a
// redirect. hc is the client that trusts the origin (a TLS test server's).
func redirectClients(hc *http.Client) map[string][]waack.Option {
	bare := *hc
	bare.CheckRedirect = nil // net/http's default: follow up to 10
	follows := resty.NewWithClient(&http.Client{Transport: hc.Transport}).SetRedirectPolicy(resty.FlexibleRedirectPolicy(10))
	return map[string][]waack.Option{
		"WithHTTPClient without CheckRedirect": {waack.WithHTTPClient(&bare)},
		"WithRestyClient":                      {waack.WithRestyClient(resty.NewWithClient(&http.Client{Transport: hc.Transport}))},
		"WithRestyClient that follows 10":      {waack.WithRestyClient(follows)},
	}
}

func TestRedirectsAreNeverFollowed(t *testing.T) {
	policy := waack.WithRetry(waack.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	for _, status := range redirectStatuses {
		for _, scheme := range []string{"http", "https"} {
			target := newWitness(t)
			var (
				mu       sync.Mutex
				requests int
			)
			var origin *httptest.Server
			if scheme == "https" {
				origin = httptest.NewTLSServer(redirector(status, target.URL, &requests, &mu)) // https → plain http
			} else {
				origin = httptest.NewServer(redirector(status, target.URL, &requests, &mu))
			}
			t.Cleanup(origin.Close)
			clients := redirectClients(origin.Client())
			if scheme == "http" {
				clients["default"] = nil
			}
			for clientName, opts := range clients {
				for provName, p := range redirectProviders(origin.URL) {
					for _, op := range faultOps {
						name := http.StatusText(status) + "/" + scheme + "/" + clientName + "/" + provName + "/" + op.name
						t.Run(name, func(t *testing.T) {
							mu.Lock()
							requests = 0
							mu.Unlock()
							c, err := waack.New(p, append(opts, policy)...)
							require.NoError(t, err)
							err = op.call(context.Background(), c, faultTarget)
							require.Error(t, err)
							var apiErr *waack.APIError
							require.ErrorAs(t, err, &apiErr)
							assert.Equal(t, status, apiErr.HTTPStatus)
							assert.False(t, errors.Is(err, waack.ErrOutcomeUnknown), "a redirect says the request was not performed")
							assert.False(t, apiErr.Retryable())
							mu.Lock()
							assert.Equal(t, 1, requests, "a redirect is not retried")
							mu.Unlock()
							target.assertUntouched(t)
							for _, s := range []string{redirCloudKey, redirOneToken, redirWawpKey} {
								assert.NotContains(t, fmtChain(err), s)
							}
						})
					}
				}
			}
		}
	}
}

// fmtChain prints every error of a chain.
func fmtChain(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

// TestSharedRestyClientKeepsItsRedirectPolicy: the guard WithRestyClient
// installs refuses waack's redirects only; the program's own requests
// through the same resty client follow them as they did, however many
// waack clients share it.
func TestSharedRestyClientKeepsItsRedirectPolicy(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("landed"))
	}))
	defer target.Close()
	var (
		mu       sync.Mutex
		requests int
	)
	origin := httptest.NewServer(redirector(http.StatusFound, target.URL, &requests, &mu))
	defer origin.Close()

	var hops int
	rc := resty.New().SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error {
		hops++
		return nil
	}))
	for range 50 {
		_, err := waack.New(redirectProviders(origin.URL)["1msg"], waack.WithRestyClient(rc))
		require.NoError(t, err)
	}
	resp, err := rc.R().Get(origin.URL + "/program/own")
	require.NoError(t, err)
	assert.Equal(t, "landed", resp.String())
	assert.Equal(t, 1, hops, "the program's policy runs once per hop, not once per waack client")

	// Without a policy of its own, the program's client follows as net/http does.
	plain := resty.New()
	_, err = waack.New(redirectProviders(origin.URL)["wawp"], waack.WithRestyClient(plain))
	require.NoError(t, err)
	resp, err = plain.R().Get(origin.URL + "/program/own")
	require.NoError(t, err)
	assert.Equal(t, "landed", resp.String())
}

// TestReplacedRedirectPolicyStopsSending: a SetRedirectPolicy on the shared
// resty client after New removes waack's guard; the client then refuses to
// send rather than follow redirects with the credentials.
func TestReplacedRedirectPolicyStopsSending(t *testing.T) {
	target := newWitness(t)
	var (
		mu       sync.Mutex
		requests int
	)
	origin := httptest.NewServer(redirector(http.StatusTemporaryRedirect, target.URL, &requests, &mu))
	defer origin.Close()
	rc := resty.New()
	c, err := waack.New(redirectProviders(origin.URL)["wawp"], waack.WithRestyClient(rc),
		waack.WithRetry(waack.RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	rc.SetRedirectPolicy(resty.FlexibleRedirectPolicy(10))

	_, err = c.SendText(context.Background(), waack.Text{To: faultCustomer, Body: faultText})
	require.ErrorIs(t, err, waack.ErrInvalidConfig)
	assert.False(t, errors.Is(err, waack.ErrOutcomeUnknown), "nothing was sent")
	assert.Zero(t, requests)
	target.assertUntouched(t)

	// A client built again from the reconfigured resty client is guarded.
	c, err = waack.New(redirectProviders(origin.URL)["wawp"], waack.WithRestyClient(rc),
		waack.WithRetry(waack.RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	_, err = c.SendText(context.Background(), waack.Text{To: faultCustomer, Body: faultText})
	var apiErr *waack.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTemporaryRedirect, apiErr.HTTPStatus)
	assert.Equal(t, 1, requests)
	target.assertUntouched(t)
}
