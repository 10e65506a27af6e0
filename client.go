package waack

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/waack/waack/internal/wire"
)

// Version is the SDK version sent in the default User-Agent.
const Version = "0.1.0"

// maxAnswerBytes caps how much of an answer is read: the calls waack makes
// get answers of a few hundred bytes.
const maxAnswerBytes = 1 << 20

// ErrAnswerTooLarge: a provider answer was over 1 MiB, so it was not read.
// The request had been sent: for SendText the outcome is unknown.
var ErrAnswerTooLarge = errors.New("waack: provider answer over 1 MiB")

// Client sends reactions, read receipts and session texts through one
// provider. It is safe for concurrent use; create one per provider account
// and share it.
type Client struct {
	ep     endpoint
	hc     *http.Client
	retry  RetryPolicy
	log    *slog.Logger
	ua     string
	guard  *SessionWindows
	redact *strings.Replacer

	// The headers of every request, built once in New: requests with a
	// body also carry Content-Type. See shareHeader.
	header, bodyHeader http.Header

	limiter *rate.Limiter   // WithRateLimit; nil: no client-wide pacing
	pairs   *pairPacer      // WithPairPacing
	spacer  *reactionSpacer // WithReactionSpacing
}

// Option configures a Client in New.
type Option func(*Client) error

// New returns a client for a provider value (CloudAPI, OneMsg or Wawp).
// Missing credentials or ids, and base URLs that are not https (plain http
// is allowed on loopback only), are reported here, wrapping ErrInvalidConfig.
func New(p Provider, opts ...Option) (*Client, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: no provider", ErrInvalidConfig)
	}
	ep, err := p.endpoint()
	if err != nil {
		return nil, err
	}
	c := &Client{
		ep:    ep,
		retry: DefaultRetryPolicy,
		log:   slog.New(slog.DiscardHandler),
		ua:    "waack-go/" + Version,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient()
	}
	pairs := make([]string, 0, 4*len(ep.secrets))
	for _, s := range ep.secrets {
		pairs = append(pairs, s, "[REDACTED]")
		if esc := url.QueryEscape(s); esc != s {
			pairs = append(pairs, esc, "[REDACTED]")
		}
	}
	c.redact = strings.NewReplacer(pairs...)
	c.header = c.requestHeader(false)
	c.bodyHeader = c.requestHeader(true)
	return c, nil
}

// requestHeader is the header set of a request, with Content-Type when it
// has a body. The provider's header is set last, so that it wins if it
// shares a name with another. Every value slice is full (len == cap), which
// shareHeader relies on.
func (c *Client) requestHeader(body bool) http.Header {
	h := http.Header{}
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.ua)
	if body {
		h.Set("Content-Type", "application/json")
	}
	if c.ep.header.Name != "" {
		h.Set(c.ep.header.Name, c.ep.header.Value)
	}
	for k, v := range h {
		h[k] = v[:len(v):len(v)]
	}
	return h
}

// WithHTTPClient sends through hc (its Transport, Timeout, proxies…). The
// client is copied, not modified. The default keeps 128 idle connections per
// host so that bursts of concurrent sends reuse connections, and has a 30 s
// timeout; a context deadline bounds a call more tightly.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return fmt.Errorf("%w: nil *http.Client", ErrInvalidConfig)
		}
		cp := *hc
		if cp.Transport == nil {
			cp.Transport = defaultTransport()
		}
		c.hc = &cp
		return nil
	}
}

// WithLogger logs every attempt, retry and failure at debug level with the
// operation, provider, attempt, HTTP status and error code. Credentials are
// never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l != nil {
			c.log = l
		}
		return nil
	}
}

// WithUserAgent sets the User-Agent header (default "waack-go/<Version>").
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("%w: user agent contains a line break", ErrInvalidConfig)
		}
		if ua != "" {
			c.ua = ua
		}
		return nil
	}
}

// WithSessionGuard makes SendText, React and Acknowledge fail fast with
// ErrSessionWindowClosed, before any request, when w knows the chat's
// 24-hour window is closed. Feed w the MessageEvents of your webhook.
func WithSessionGuard(w *SessionWindows) Option {
	return func(c *Client) error {
		c.guard = w
		return nil
	}
}

// Provider is the name of the client's provider: "cloudapi", "1msg" or "wawp".
func (c *Client) Provider() string { return c.ep.name }

// defaultTransport tunes a clone of http.DefaultTransport. A program (or
// a test, as httpmock.Activate does) that replaced http.DefaultTransport
// with another RoundTripper gets that one, untouched.
func defaultTransport() http.RoundTripper {
	std, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t := std.Clone()
	// The standard transport keeps 2 idle connections per host: 64
	// concurrent senders would then open a new TCP (and TLS) connection for
	// nearly every message.
	t.MaxIdleConns = 512
	t.MaxIdleConnsPerHost = 128
	return t
}

func defaultHTTPClient() *http.Client {
	return &http.Client{Transport: defaultTransport(), Timeout: 30 * time.Second}
}

// call is one operation through the pipeline.
type call struct {
	op     string
	req    wire.Request
	decode func(status int, body []byte) (wire.Sent, *wire.Failure)
}

// attempt is what one HTTP exchange produced.
type attempt struct {
	status int
	header http.Header
	body   []byte
	err    error // transport error, already free of credentials
	wrote  bool  // the request reached the wire, so the provider may have acted on it
}

// do runs a call with retries. Reactions and reads are idempotent and retry
// any transient failure; a text is resent only when the answer proves it was
// not accepted, and an ambiguous failure becomes ErrOutcomeUnknown.
func (c *Client) do(ctx context.Context, cl call) (wire.Sent, error) {
	idempotent := cl.op != OpSendText
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return wire.Sent{}, c.wrap(cl.op, err)
		}
		if c.limiter != nil {
			if err := waitTurn(ctx, c.limiter); err != nil {
				return wire.Sent{}, c.wrap(cl.op, err)
			}
		}
		start := time.Now()
		a := c.exchange(ctx, cl.req)
		var (
			err       error
			retryable bool
			apiErr    *APIError
		)
		if a.err != nil {
			err = c.wrap(cl.op, unreachable(a.err))
			retryable = ctx.Err() == nil
			if a.wrote {
				err, retryable = outcomeUnknown(err), retryable && idempotent
			}
		} else {
			sent, f := cl.decode(a.status, a.body)
			if f != nil && c.leaks(a.body) {
				// Decode the refusal again from a scrubbed body: a credential
				// cut by a length cap would escape redaction of the fields.
				_, f = cl.decode(a.status, []byte(c.redact.Replace(string(a.body))))
			}
			if f == nil {
				c.logAttempt(ctx, cl.op, n, a.status, 0, time.Since(start), nil)
				return sent, nil
			}
			apiErr = c.apiError(cl.op, a, f)
			err = apiErr
			// A 5xx without the provider's error body, or a 2xx we cannot
			// read, may come from a proxy after the provider took the message.
			ambiguous := !f.Recognised && (a.status >= 500 || wire.IsSuccess(a.status))
			switch {
			case ambiguous:
				err, retryable = outcomeUnknown(apiErr), idempotent
			default:
				retryable = apiErr.Retryable()
			}
		}
		c.logAttempt(ctx, cl.op, n, a.status, errCode(apiErr), time.Since(start), err)
		if !retryable || n >= c.retry.MaxAttempts {
			return wire.Sent{}, err
		}
		wait, ok := c.retry.wait(n, apiErr)
		if !ok {
			return wire.Sent{}, err // the provider asks for a longer pause than MaxBackoff
		}
		if dl, has := ctx.Deadline(); has && time.Until(dl) < wait {
			return wire.Sent{}, err // the deadline would pass while waiting
		}
		if c.log.Enabled(ctx, slog.LevelDebug) {
			c.log.DebugContext(ctx, "waack retry", "op", cl.op, "provider", c.ep.name, "attempt", n, "wait", wait)
		}
		if werr := sleep(ctx, wait); werr != nil {
			return wire.Sent{}, fmt.Errorf("%w (while waiting to retry after: %w)", c.wrap(cl.op, werr), err)
		}
	}
}

// exchange makes one HTTP request and reads the answer.
//
// It sends through net/http directly. The design named resty v2 as the
// transport, but the pipeline uses none of resty's per-request features (it
// retries, decodes and logs by itself), and building a resty.Request cost 21
// allocations per send and made the client's own work 1.63× that of a raw
// net/http client instead of 1.21× (bench/README.md).
func (c *Client) exchange(ctx context.Context, req wire.Request) attempt {
	t := new(sendTrace)
	t.hooks = httptrace.ClientTrace{
		GotConn:      func(httptrace.GotConnInfo) { t.gotConn.Store(true) },
		WroteRequest: func(httptrace.WroteRequestInfo) { t.wrote.Store(true) },
	}
	target := c.ep.baseURL + req.Path
	if len(req.Query) > 0 {
		target += "?" + req.Query.Encode()
	}
	header, body := c.header, io.Reader(nil)
	if req.Body != nil {
		// net/http sets Content-Length and GetBody (for redirects) from a
		// *bytes.Reader.
		header, body = c.bodyHeader, bytes.NewReader(req.Body)
	}
	a, err := c.roundTrip(httptrace.WithClientTrace(ctx, &t.hooks), req.Method, target, header, body)
	if err != nil {
		// The request cannot have been acted on when no connection was made
		// or it was not fully written. When the transport tells nothing (a
		// custom RoundTripper), assume the provider may have it.
		notSent := isDialError(err) || (t.gotConn.Load() && !t.wrote.Load())
		return attempt{err: c.sanitize(err), wrote: !notSent}
	}
	return a
}

// sendTrace is what the transport tells about one request: whether it got
// a connection and finished writing the request. One allocation holds the
// hooks and the flags.
type sendTrace struct {
	hooks          httptrace.ClientTrace
	gotConn, wrote atomic.Bool
}

// roundTrip sends one request and reads the answer.
func (c *Client) roundTrip(ctx context.Context, method, target string, header http.Header, body io.Reader) (attempt, error) {
	hr, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return attempt{}, err
	}
	hr.Header = shareHeader(header)
	resp, err := c.hc.Do(hr)
	if err != nil {
		return attempt{}, err
	}
	b, err := readAnswer(resp)
	if err != nil {
		return attempt{}, err
	}
	return attempt{status: resp.StatusCode, header: resp.Header, body: b, wrote: true}, nil
}

// shareHeader gives a request its own header map over the client's value
// slices, which nothing modifies: Set replaces a slice, and Add appends to
// a full one (New makes them so), which copies it.
func shareHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, v := range h {
		out[k] = v
	}
	return out
}

// readAnswer reads and closes an answer body: up to maxAnswerBytes (more is
// ErrAnswerTooLarge), and a gzip body a custom transport left compressed is
// inflated.
func readAnswer(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") && resp.ContentLength != 0 {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	}
	b, err := readAll(io.LimitReader(r, maxAnswerBytes+1), resp.ContentLength)
	if len(b) > maxAnswerBytes {
		return nil, ErrAnswerTooLarge
	}
	return b, err
}

// readAll is io.ReadAll starting with room for the declared length (plus
// one byte to see EOF), up to 64 KiB: a length is not trusted with more
// memory than that before the bytes arrive. io.ReadAll starts at 512 bytes
// and grows by copying, which a 30 KB webhook batch pays eight times.
func readAll(r io.Reader, declared int64) ([]byte, error) {
	b := make([]byte, 0, min(max(declared+1, 512), 64<<10))
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// isDialError reports a failure to reach the provider at all: DNS, connect
// or TLS handshake.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var cert *tls.CertificateVerificationError
	var rec tls.RecordHeaderError
	return errors.As(err, &cert) || errors.As(err, &rec)
}

// apiError builds the error for a provider refusal, with credentials that a
// provider echoed (1MSG prints a wrong token back) removed.
func (c *Client) apiError(op string, a attempt, f *wire.Failure) *APIError {
	return &APIError{
		Provider:     c.ep.name,
		Op:           op,
		HTTPStatus:   a.status,
		Code:         f.Code,
		Subcode:      f.Subcode,
		Type:         c.redact.Replace(f.Type),
		Title:        c.redact.Replace(f.Title),
		Message:      c.redact.Replace(f.Message),
		Details:      c.redact.Replace(f.Details),
		TraceID:      f.TraceID,
		RetryAfter:   retryAfter(a.header),
		Transient:    f.Transient,
		notSent:      f.NotSent,
		windowClosed: f.WindowClosed,
	}
}

// leaks reports whether an answer body carries one of the credentials.
func (c *Client) leaks(body []byte) bool {
	for _, s := range c.ep.secrets {
		if bytes.Contains(body, []byte(s)) || bytes.Contains(body, []byte(url.QueryEscape(s))) {
			return true
		}
	}
	return false
}

// sanitize removes credentials from a transport error: *url.Error prints
// the request URL, and 1MSG and Wawp carry secrets in its query.
func (c *Client) sanitize(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: c.redactURL(ue.URL), Err: ue.Err}
	}
	return err
}

func (c *Client) redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return c.redact.Replace(raw)
	}
	u.RawQuery = ""
	return u.String()
}

// wrap prefixes a non-API error with the provider and operation.
func (c *Client) wrap(op string, err error) error {
	return fmt.Errorf("waack: %s %s: %w", c.ep.name, op, err)
}

func (c *Client) logAttempt(ctx context.Context, op string, n, status, code int, d time.Duration, err error) {
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []any{"op", op, "provider", c.ep.name, "attempt", n, "status", status, "code", code, "duration", d}
	if err != nil {
		c.log.DebugContext(ctx, "waack attempt failed", append(attrs, "error", c.redact.Replace(err.Error()))...)
		return
	}
	c.log.DebugContext(ctx, "waack attempt", attrs...)
}

func errCode(e *APIError) int {
	if e == nil {
		return 0
	}
	return e.Code
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
