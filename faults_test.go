package waack_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/waacktest"
)

// The fault table: every way a provider call can fail, run for React
// (idempotent, retried) and SendText (never resent when it may have been
// accepted) on every provider the fault applies to. Each row states the
// error classes the caller gets, how many requests reached the server and
// how many texts the customer received, which is never more than one.

const (
	faultCustomer = "16505551234"
	faultText     = "We received your message"
	faultTarget   = "false_16505551234@c.us_3EB0IN" // a message id every dialect accepts
)

// faultPolicy retries fast. Its MaxBackoff is far below the sandbox's 1 s
// Retry-After and the 4^0 s pair back-off, which are then returned.
var faultPolicy = waack.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 20 * time.Millisecond}

// patientPolicy waits long enough to honour those (1 s).
var patientPolicy = waack.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Second}

var providerNames = []string{waack.ProviderCloudAPI, waack.ProviderOneMsg, waack.ProviderWawp}

// faultOp is a client call under test.
type faultOp struct {
	name string
	call func(ctx context.Context, c *waack.Client, target string) error
}

var faultOps = []faultOp{
	{waack.OpReact, func(ctx context.Context, c *waack.Client, target string) error {
		_, err := c.React(ctx, waack.Reaction{To: faultCustomer, MessageID: target, Emoji: "👍"})
		return err
	}},
	{waack.OpSendText, func(ctx context.Context, c *waack.Client, _ string) error {
		_, err := c.SendText(ctx, waack.Text{To: faultCustomer, Body: faultText})
		return err
	}},
}

// outcome is what a row expects of one operation.
type outcome struct {
	is       []error // sentinels the error matches; empty: the call succeeds
	requests int     // requests (raw servers: connections) the server saw
	texts    int     // texts the customer received (sandbox only)
	// check replaces the is and requests assertions where the transport,
	// not the SDK, decides which of two correct answers comes.
	check func(t *testing.T, err error, requests int)
}

func succeeds(requests, texts int) outcome { return outcome{requests: requests, texts: texts} }

func fails(requests, texts int, is ...error) outcome {
	return outcome{is: is, requests: requests, texts: texts}
}

// faultRow is one fault: sandbox faults queued with FailNext, or a raw
// server of its own.
type faultRow struct {
	name      string
	providers []string           // nil: all three
	policy    *waack.RetryPolicy // nil: faultPolicy
	faults    []waacktest.Fault  // in order, one per call
	// deadlineAtApply makes the call's deadline pass the moment the
	// sandbox applies the call: an answer slower than the deadline,
	// without racing a clock.
	deadlineAtApply bool
	raw             func(t *testing.T, provider string) rawServer
	// cancelOnRetry cancels the call's context when the client starts
	// waiting to retry.
	cancelOnRetry bool
	want          map[string]outcome // by op name
}

var (
	ou  = waack.ErrOutcomeUnknown
	su  = waack.ErrServiceUnavailable
	rl  = waack.ErrRateLimited
	prl = waack.ErrPairRateLimited
)

func times(n int, f waacktest.Fault) []waacktest.Fault {
	out := make([]waacktest.Fault, n)
	for i := range out {
		out[i] = f
	}
	return out
}

func faultRows() []faultRow {
	react, text := waack.OpReact, waack.OpSendText
	return []faultRow{
		{name: "throttled 400 code 130429, then accepted", faults: times(1, waacktest.FaultThrottle400),
			want: map[string]outcome{react: succeeds(2, 0), text: succeeds(2, 1)}},
		{name: "throttled 400 code 130429 on every attempt", faults: times(3, waacktest.FaultThrottle400),
			want: map[string]outcome{react: fails(3, 0, rl), text: fails(3, 0, rl)}},
		{name: "throttled 429 with Retry-After beyond MaxBackoff", faults: times(1, waacktest.FaultThrottle429),
			want: map[string]outcome{react: retryAfterReturned(), text: retryAfterReturned()}},
		{name: "throttled 429 with Retry-After honoured", faults: times(1, waacktest.FaultThrottle429), policy: &patientPolicy,
			want: map[string]outcome{react: succeeds(2, 0), text: succeeds(2, 1)}},
		{name: "pair rate limit 131056 beyond MaxBackoff", faults: times(1, waacktest.FaultPairRateLimit),
			want: map[string]outcome{react: fails(1, 0, prl), text: fails(1, 0, prl)}},
		{name: "pair rate limit 131056 retried after 4^0 s", faults: times(1, waacktest.FaultPairRateLimit), policy: &patientPolicy,
			want: map[string]outcome{react: succeeds(2, 0), text: succeeds(2, 1)}},
		// A 5xx proves nothing about a text, error body or not: a gateway
		// may answer so after the provider took the message.
		{name: "5xx with an error body, then accepted", faults: times(1, waacktest.FaultServerError),
			want: map[string]outcome{react: succeeds(2, 0), text: fails(1, 0, ou, su)}},
		{name: "5xx with an error body on every attempt", faults: times(3, waacktest.FaultServerError),
			want: map[string]outcome{react: fails(3, 0, su), text: fails(1, 0, ou, su)}},
		{name: "502 HTML page without an error body", faults: times(3, waacktest.FaultBadGateway),
			want: map[string]outcome{react: fails(3, 0, ou, su), text: fails(1, 0, ou, su)}},
		{name: "dropped after the request was read, not applied", faults: times(3, waacktest.FaultDropBeforeApply),
			want: map[string]outcome{react: fails(3, 0, ou, su), text: fails(1, 0, ou, su)}},
		{name: "dropped after the request was applied", faults: times(1, waacktest.FaultDropAfterRead),
			want: map[string]outcome{react: succeeds(2, 0), text: fails(1, 1, ou, su)}},
		{name: "answer slower than the deadline", faults: times(1, waacktest.FaultSlow.WithDelay(time.Hour)), deadlineAtApply: true,
			want: map[string]outcome{react: fails(1, 0, ou, context.DeadlineExceeded), text: fails(1, 1, ou, context.DeadlineExceeded)}},
		{name: "truncated JSON with 200", faults: times(3, waacktest.FaultMalformedJSON),
			want: map[string]outcome{react: fails(3, 0, ou), text: fails(1, 1, ou)}},
		{name: "context cancelled during back-off", faults: times(1, waacktest.FaultServerError), cancelOnRetry: true,
			policy: &waack.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Hour, MaxBackoff: time.Hour},
			want:   map[string]outcome{react: fails(1, 0, context.Canceled, su), text: fails(1, 0, ou, su)}},

		{name: "connection refused", raw: closedPort,
			want: map[string]outcome{react: fails(0, 0, su), text: fails(0, 0, su)}},
		{name: "connection closed on accept", raw: rawListener(func(c net.Conn) {}),
			want: map[string]outcome{react: closedOnAccept(true), text: closedOnAccept(false)}},
		{name: "connection reset after part of the request", raw: rawListener(resetAfterSomeBytes),
			want: map[string]outcome{react: fails(3, 0, ou, su), text: fails(1, 0, ou, su)}},
		{name: "request read in full, no answer", raw: rawListener(closeAfterRequest),
			want: map[string]outcome{react: fails(3, 0, ou, su), text: fails(1, 0, ou, su)}},
		{name: "500 with an empty body", raw: answering(500, ""),
			want: map[string]outcome{react: fails(3, 0, ou, su), text: fails(1, 0, ou, su)}},
		{name: "200 with an HTML page", raw: answering(200, "<html><body>Welcome to nginx!</body></html>"),
			want: map[string]outcome{react: fails(3, 0, ou), text: fails(1, 0, ou)}},
		{name: "1MSG 200 with sent false", providers: []string{waack.ProviderOneMsg},
			raw:  answering(200, `{"sent":false,"message":"Phone number is not on WhatsApp"}`),
			want: map[string]outcome{react: fails(1, 0, waack.ErrNotSent), text: fails(1, 0, waack.ErrNotSent)}},
	}
}

// retryAfterReturned: a Retry-After longer than MaxBackoff ends the call
// with the error, which carries the wait the provider asked for.
func retryAfterReturned() outcome {
	return outcome{check: func(t *testing.T, err error, requests int) {
		require.ErrorIs(t, err, rl)
		var apiErr *waack.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, time.Second, apiErr.RetryAfter)
		assert.Equal(t, 429, apiErr.HTTPStatus)
		assert.Equal(t, 1, requests)
	}}
}

// closedOnAccept: a connection closed before any byte was read fails at
// the transport either before the request is written (nothing sent: a
// text may be retried) or after (a text's outcome is unknown and it is
// not resent). Which one the transport sees is a race; both are correct.
// The class must hold, and a call never written uses all its attempts.
func closedOnAccept(idempotent bool) outcome {
	return outcome{check: func(t *testing.T, err error, requests int) {
		require.ErrorIs(t, err, su)
		if idempotent || !errors.Is(err, ou) {
			assert.Equal(t, 3, requests)
		}
	}}
}

// rawServer is a loopback server of the test's own.
type rawServer struct {
	url   string
	count func() int // stops the server, then reports what it saw
}

// refusedAddr is a loopback port nothing listens on: port 1 (tcpmux) lies
// below the ephemeral range, so no listener of a concurrent test can be
// given it, as could happen to a port picked and closed again.
const refusedAddr = "127.0.0.1:1"

// closedPort is a server whose connections are refused.
func closedPort(*testing.T, string) rawServer {
	return rawServer{"http://" + refusedAddr, func() int { return 0 }}
}

// rawListener accepts connections, counts them and hands each to handle,
// which may read some of the request; the connection is closed after.
func rawListener(handle func(net.Conn)) func(*testing.T, string) rawServer {
	return func(t *testing.T, _ string) rawServer {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if !assert.NoError(t, err) {
			return rawServer{"http://" + refusedAddr, func() int { return 0 }}
		}
		var (
			n  atomic.Int64
			wg sync.WaitGroup
		)
		wg.Go(func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				n.Add(1)
				wg.Go(func() {
					defer c.Close()
					_ = c.SetDeadline(time.Now().Add(10 * time.Second))
					handle(c)
				})
			}
		})
		stop := sync.OnceFunc(func() { _ = l.Close(); wg.Wait() })
		t.Cleanup(stop)
		return rawServer{"http://" + l.Addr().String(), func() int { stop(); return int(n.Load()) }}
	}
}

// resetAfterSomeBytes reads a first piece of the request and resets the
// connection.
func resetAfterSomeBytes(c net.Conn) {
	buf := make([]byte, 16)
	_, _ = c.Read(buf)
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
}

// closeAfterRequest reads the whole request and closes without answering.
func closeAfterRequest(c net.Conn) {
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err == nil {
		_, _ = io.Copy(io.Discard, req.Body)
	}
}

// answering is an HTTP server that gives every request the same answer.
func answering(status int, body string) func(*testing.T, string) rawServer {
	return func(t *testing.T, _ string) rawServer {
		var n atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			_, _ = io.Copy(io.Discard, r.Body)
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		}))
		t.Cleanup(srv.Close)
		return rawServer{srv.URL, func() int { srv.Close(); return int(n.Load()) }}
	}
}

// Credentials of the clients that talk to raw servers.
var rawSecrets = map[string]string{
	waack.ProviderCloudAPI: "EAAraw-cloud-bearer-SECRET-7f3a",
	waack.ProviderOneMsg:   "raw-1msg-query-token-SECRET-91c",
	waack.ProviderWawp:     "raw-wawp-access-token-SECRET-5e2",
}

func rawProvider(name, baseURL string) waack.Provider {
	switch name {
	case waack.ProviderCloudAPI:
		return waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: rawSecrets[name], BaseURL: baseURL}
	case waack.ProviderOneMsg:
		return waack.OneMsg{ChannelID: "ODI371267300", Token: rawSecrets[name], BaseURL: baseURL}
	}
	return waack.Wawp{InstanceID: "123456789012", AccessToken: rawSecrets[name], BaseURL: baseURL}
}

func sandboxProvider(srv *waacktest.Server, name string) waack.Provider {
	switch name {
	case waack.ProviderCloudAPI:
		return srv.CloudAPI()
	case waack.ProviderOneMsg:
		return srv.OneMsg()
	}
	return srv.Wawp()
}

// secretOf is the credential a provider configuration carries.
func secretOf(p waack.Provider) string {
	switch v := p.(type) {
	case waack.CloudAPI:
		return v.AccessToken
	case waack.OneMsg:
		return v.Token
	case waack.Wawp:
		return v.AccessToken
	}
	return ""
}

// businessTexts counts the texts the customer received from the business.
func businessTexts(srv *waacktest.Server, p waack.Provider) int {
	chat, _ := srv.Chat(p, faultCustomer)
	n := 0
	for _, m := range chat.Messages {
		if m.Direction == waacktest.FromBusiness && m.Type == waacktest.TypeText {
			n++
		}
	}
	return n
}

// faultEnv is the server side of one call.
type faultEnv struct {
	provider waack.Provider
	target   string
	finish   func() (requests, texts int) // stops the server, then counts
	srv      *waacktest.Server            // nil for raw servers
}

func sandboxEnv(t *testing.T, provider string, faults []waacktest.Fault) faultEnv {
	srv := waacktest.NewServer()
	t.Cleanup(srv.Close)
	p := sandboxProvider(srv, provider)
	target := srv.Inbound(p, faultCustomer, "Where is my order?")
	assert.NotEmpty(t, target)
	for _, f := range faults {
		srv.FailNext(1, f)
	}
	return faultEnv{p, target, func() (int, int) {
		srv.Close() // waits for handlers still recording (a slow answer the client left)
		return len(srv.Requests()), businessTexts(srv, p)
	}, srv}
}

// manualDeadline is a context whose deadline passes when expire is called.
type manualDeadline struct {
	context.Context
	done   chan struct{}
	expire func()
}

func newManualDeadline(parent context.Context) *manualDeadline {
	m := &manualDeadline{Context: parent, done: make(chan struct{})}
	m.expire = sync.OnceFunc(func() { close(m.done) })
	return m
}

func (m *manualDeadline) Deadline() (time.Time, bool) { return time.Now().Add(time.Hour), true }
func (m *manualDeadline) Done() <-chan struct{}       { return m.done }

func (m *manualDeadline) Err() error {
	select {
	case <-m.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// expireAtApply expires ctx once the sandbox's chat with the customer
// gains a message (the call was applied). It returns a func that stops
// watching.
func expireAtApply(srv *waacktest.Server, p waack.Provider, ctx *manualDeadline) (stop func()) {
	chat, _ := srv.Chat(p, faultCustomer)
	before := len(chat.Messages)
	changes, cancel := srv.Subscribe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range changes {
			if chat, _ := srv.Chat(p, faultCustomer); len(chat.Messages) > before {
				ctx.expire()
				return
			}
		}
	}()
	return func() { cancel(); <-done }
}

// retryHook is a slog.Handler that calls onRetry when the client logs that
// it is about to wait for a retry, and passes every record on.
type retryHook struct {
	next    slog.Handler
	onRetry func()
}

func (h retryHook) Enabled(context.Context, slog.Level) bool { return true }

func (h retryHook) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "waack retry" {
		h.onRetry()
	}
	return h.next.Handle(ctx, r)
}

func (h retryHook) WithAttrs(a []slog.Attr) slog.Handler {
	return retryHook{h.next.WithAttrs(a), h.onRetry}
}
func (h retryHook) WithGroup(n string) slog.Handler { return retryHook{h.next.WithGroup(n), h.onRetry} }

// faultCall is what one call of a row produced.
type faultCall struct {
	err        error
	requests   int
	texts      int
	secret     string
	logs       string // debug log output, when logging
	panicValue any    // what the call panicked with; nil when it did not
}

// runFault makes one call of a row and reports what it produced. With
// logs, the client logs at debug level into faultCall.logs. It runs off
// the test's goroutine, so it and its helpers assert but never require.
func runFault(t *testing.T, row faultRow, provider string, op faultOp, logs bool) faultCall {
	var env faultEnv
	if row.raw != nil {
		srv := row.raw(t, provider)
		env = faultEnv{rawProvider(provider, srv.url), faultTarget, func() (int, int) { return srv.count(), 0 }, nil}
	} else {
		env = sandboxEnv(t, provider, row.faults)
	}

	var ctx context.Context = context.Background()
	if row.deadlineAtApply && env.srv != nil {
		md := newManualDeadline(ctx)
		defer expireAtApply(env.srv, env.provider, md)()
		ctx = md
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	safety := time.AfterFunc(30*time.Second, cancel) // a hung call fails instead of stalling the suite
	defer safety.Stop()

	var buf testkit.SyncBuffer
	var handler slog.Handler = slog.DiscardHandler
	if logs {
		handler = slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})
	}
	if row.cancelOnRetry {
		handler = retryHook{handler, cancel}
	}
	policy := faultPolicy
	if row.policy != nil {
		policy = *row.policy
	}
	opts := []waack.Option{waack.WithRetry(policy)}
	if logs || row.cancelOnRetry {
		opts = append(opts, waack.WithLogger(slog.New(handler)))
	}
	c, err := waack.New(env.provider, opts...)
	if !assert.NoError(t, err) {
		return faultCall{err: err}
	}

	var got faultCall
	func() {
		defer func() { got.panicValue = recover() }()
		got.err = op.call(ctx, c, env.target)
	}()
	got.requests, got.texts = env.finish()
	got.secret, got.logs = secretOf(env.provider), buf.String()
	return got
}

// forEachFault runs every row for every provider and op it applies to and
// hands each call's result to inspect in a subtest of its own. The calls
// run concurrently (several wait a second for a Retry-After), the checks
// afterwards.
func forEachFault(t *testing.T, logs bool, inspect func(t *testing.T, want outcome, got faultCall)) {
	type result struct {
		name string
		want outcome
		got  faultCall
	}
	var (
		results []*result
		wg      sync.WaitGroup
	)
	for _, row := range faultRows() {
		providers := row.providers
		if providers == nil {
			providers = providerNames
		}
		for _, provider := range providers {
			for _, op := range faultOps {
				want, ok := row.want[op.name]
				if !ok {
					continue
				}
				r := &result{name: row.name + "/" + provider + "/" + op.name, want: want}
				results = append(results, r)
				wg.Go(func() { r.got = runFault(t, row, provider, op, logs) })
			}
		}
	}
	wg.Wait()
	for _, r := range results {
		t.Run(r.name, func(t *testing.T) { inspect(t, r.want, r.got) })
	}
}

// assertOutcome checks a call against its row.
func assertOutcome(t *testing.T, want outcome, got faultCall) {
	t.Helper()
	require.Nil(t, got.panicValue, "the call panicked")
	assert.LessOrEqual(t, got.texts, 1, "the customer received the same text twice")
	assert.Equal(t, want.texts, got.texts, "texts the customer received")
	if want.check != nil {
		want.check(t, got.err, got.requests)
		return
	}
	assert.Equal(t, want.requests, got.requests, "requests the server saw")
	if len(want.is) == 0 {
		assert.NoError(t, got.err)
		return
	}
	require.Error(t, got.err)
	for _, sentinel := range want.is {
		assert.ErrorIs(t, got.err, sentinel)
	}
	if !contains(want.is, ou) {
		assert.NotErrorIs(t, got.err, ou, "a refusal the answer proves is not an unknown outcome")
	}
}

func contains(errs []error, target error) bool {
	for _, e := range errs {
		if e == target {
			return true
		}
	}
	return false
}

func TestFaultTable(t *testing.T) {
	forEachFault(t, false, assertOutcome)
}

// randomFault is a fault the randomized test draws.
type randomFault int

const (
	rNone randomFault = iota // the normal answer, once the drawn faults are used up
	rThrottle400
	rThrottle429 // Retry-After 1 s, beyond MaxBackoff
	rServerError
	rBadGateway
	rPairRateLimit
	rDropBeforeApply
	rDropAfterRead
	rMalformed
	rSlowShort // answers within a few milliseconds
	rSlowLong  // answers after the deadline, which passes when it is applied; drawn first only
	randomFaultKinds
)

func (f randomFault) sandbox(rng *rand.Rand) waacktest.Fault {
	switch f {
	case rThrottle400:
		return waacktest.FaultThrottle400
	case rThrottle429:
		return waacktest.FaultThrottle429
	case rServerError:
		return waacktest.FaultServerError
	case rBadGateway:
		return waacktest.FaultBadGateway
	case rPairRateLimit:
		return waacktest.FaultPairRateLimit
	case rDropBeforeApply:
		return waacktest.FaultDropBeforeApply
	case rDropAfterRead:
		return waacktest.FaultDropAfterRead
	case rMalformed:
		return waacktest.FaultMalformedJSON
	case rSlowShort:
		return waacktest.FaultSlow.WithDelay(time.Duration(1+rng.IntN(5)) * time.Millisecond)
	case rSlowLong:
		return waacktest.FaultSlow.WithDelay(time.Hour)
	}
	return waacktest.Fault{}
}

// expectRandom is the policy the SDK promises, as a model: what a call
// meeting faults in order (then none) returns, how many requests it makes
// and how many texts reach the customer.
func expectRandom(op string, seq []randomFault, attempts int) (is []error, requests, texts int) {
	text := op == waack.OpSendText
	deliver := func() {
		if text {
			texts++
		}
	}
	for n := 1; ; n++ {
		f := rNone
		if n <= len(seq) {
			f = seq[n-1]
		}
		last := n == attempts
		switch f {
		case rNone, rSlowShort:
			deliver()
			return nil, n, texts
		case rThrottle400:
			if last {
				return []error{rl}, n, texts
			}
		case rServerError:
			if text {
				return []error{ou, su}, n, texts // a 5xx proves nothing about a text
			}
			if last {
				return []error{su}, n, texts
			}
		case rThrottle429:
			return []error{rl}, n, texts
		case rPairRateLimit:
			return []error{prl}, n, texts
		case rBadGateway, rDropBeforeApply:
			if text || last {
				return []error{ou, su}, n, texts
			}
		case rDropAfterRead:
			if text || last {
				deliver()
				return []error{ou, su}, n, texts
			}
		case rMalformed:
			if text || last {
				deliver()
				return []error{ou}, n, texts
			}
		case rSlowLong:
			deliver()
			return []error{ou, context.DeadlineExceeded}, n, texts
		}
	}
}

// TestFaultsRandomized draws 200 calls (fixed seed): a provider, React or
// SendText, zero to four faults in a random order, random back-offs and
// answer delays. Every call must end as the model says, never deliver a
// text twice, and leave no credential in its error or debug log.
func TestFaultsRandomized(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240611, 7))
	type draw struct {
		provider string
		op       faultOp
		seq      []randomFault
		faults   []waacktest.Fault
		policy   waack.RetryPolicy
	}
	draws := make([]draw, 200)
	for i := range draws {
		d := draw{provider: providerNames[rng.IntN(3)], op: faultOps[rng.IntN(2)]}
		for range rng.IntN(5) {
			d.seq = append(d.seq, randomFault(1+rng.IntN(int(rSlowLong)-1)))
		}
		if rng.IntN(12) == 0 {
			d.seq = append([]randomFault{rSlowLong}, d.seq...)
		}
		for _, f := range d.seq {
			d.faults = append(d.faults, f.sandbox(rng))
		}
		minBackoff := time.Duration(100+rng.IntN(2000)) * time.Microsecond
		d.policy = waack.RetryPolicy{MaxAttempts: 2 + rng.IntN(2), MinBackoff: minBackoff, MaxBackoff: 20 * time.Millisecond}
		draws[i] = d
	}

	results := make([]faultCall, len(draws))
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for i, d := range draws {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			row := faultRow{faults: d.faults, policy: &d.policy, deadlineAtApply: len(d.seq) > 0 && d.seq[0] == rSlowLong}
			results[i] = runFault(t, row, d.provider, d.op, true)
		})
	}
	wg.Wait()

	for i, d := range draws {
		got := results[i]
		is, requests, texts := expectRandom(d.op.name, d.seq, d.policy.MaxAttempts)
		name := fmt.Sprintf("#%d %s %s %v attempts=%d", i, d.provider, d.op.name, d.seq, d.policy.MaxAttempts)
		assert.LessOrEqual(t, got.texts, 1, "%s: a text delivered twice", name)
		assert.Equal(t, texts, got.texts, "%s: texts", name)
		assert.Equal(t, requests, got.requests, "%s: requests", name)
		if len(is) == 0 {
			assert.NoError(t, got.err, name)
		} else if assert.Error(t, got.err, name) {
			for _, sentinel := range is {
				assert.ErrorIs(t, got.err, sentinel, name)
			}
			if !contains(is, ou) {
				assert.NotErrorIs(t, got.err, ou, name)
			}
			assert.NotContains(t, fmt.Sprintf("%v %+v %#v", got.err, got.err, got.err), got.secret, name)
		}
		assert.NotContains(t, got.logs, got.secret, name)
	}
}
