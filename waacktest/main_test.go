package waacktest_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// client is the tests' HTTP client; TestMain frees its connections before
// looking for leaked goroutines.
var client = &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}

func TestMain(m *testing.M) {
	code := m.Run()
	client.CloseIdleConnections()
	http.DefaultClient.CloseIdleConnections()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goroutine leak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(a.body, &m), "body %s", a.body)
	return m
}

func do(t *testing.T, method, rawURL, body string, header ...string) answer {
	t.Helper()
	a, err := try(context.Background(), method, rawURL, body, header...)
	require.NoError(t, err)
	return a
}

// try makes a request that may fail (faults drop connections).
func try(ctx context.Context, method, rawURL, body string, header ...string) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, strings.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}, err
}

func newServer(t *testing.T, opts ...waacktest.Option) *waacktest.Server {
	t.Helper()
	srv := waacktest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// cloudURL is the /messages URL of the sandbox's Cloud API number.
func cloudURL(srv *waacktest.Server) string {
	c := srv.CloudAPI()
	return c.BaseURL + "/" + c.Version + "/" + c.PhoneNumberID + "/messages"
}

func cloud(t *testing.T, srv *waacktest.Server, body string) answer {
	t.Helper()
	return do(t, http.MethodPost, cloudURL(srv), body, "Authorization", "Bearer "+srv.CloudAPI().AccessToken)
}

func oneMsgURL(srv *waacktest.Server, method string) string {
	c := srv.OneMsg()
	return c.BaseURL + "/" + c.ChannelID + "/" + method + "?token=" + url.QueryEscape(c.Token)
}

func oneMsg(t *testing.T, srv *waacktest.Server, method, body string) answer {
	t.Helper()
	return do(t, http.MethodPost, oneMsgURL(srv, method), body)
}

func wawpURL(srv *waacktest.Server, path string) string {
	c := srv.Wawp()
	return c.BaseURL + path + "?instance_id=" + c.InstanceID + "&access_token=" + url.QueryEscape(c.AccessToken)
}

func wawp(t *testing.T, srv *waacktest.Server, method, path, body string) answer {
	t.Helper()
	return do(t, method, wawpURL(srv, path), body)
}

// js renders a JSON body from a Go value, for request bodies with ids.
func js(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// post is one webhook POST a receiver got.
type post struct {
	query  url.Values
	header http.Header
	body   []byte
}

// receiver is a webhook endpoint that records what it gets and answers
// 500 to the first failFirst POSTs.
type receiver struct {
	srv       *httptest.Server
	mu        sync.Mutex
	posts     []post
	failFirst int
	// hold, when set, blocks the first POST until it is closed; arrived
	// is closed when that POST arrived.
	hold, arrived chan struct{}
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.posts = append(r.posts, post{req.URL.Query(), req.Header.Clone(), b})
		n := len(r.posts)
		fail := n <= r.failFirst
		hold, arrived := r.hold, r.arrived
		r.mu.Unlock()
		if n == 1 && hold != nil {
			close(arrived)
			<-hold
		}
		if fail {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) all() []post {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]post(nil), r.posts...)
}

func flush(t *testing.T, srv *waacktest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.Flush(ctx))
}

// hook registers a receiver for provider p and returns it.
func hook(t *testing.T, srv *waacktest.Server, p waack.Provider, secret string) *receiver {
	t.Helper()
	r := newReceiver(t)
	require.NoError(t, srv.SetWebhook(p, r.srv.URL+"/hook?x=1", secret))
	return r
}

func sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// get walks a decoded JSON value: keys for objects, ints for arrays.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			require.True(t, ok, "not an object at %v: %v", p, v)
			v = m[k]
		case int:
			a, ok := v.([]any)
			require.True(t, ok && k < len(a), "not an array with %d items at %v: %v", k+1, p, v)
			v = a[k]
		}
	}
	return v
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), "body %s", b)
	return m
}

const customer = "+1 (650) 555-1234"
const customerDigits = "16505551234"
