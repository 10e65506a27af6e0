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

	"github.com/go-resty/resty/v2"

	"github.com/waack/waack/internal/wire"
)

// maxAnswerBytes caps how much of an answer is read: the calls waack makes
// get answers of a few hundred bytes.
const maxAnswerBytes = 1 << 20

// ErrAnswerTooLarge: a provider answer was over 1 MiB, so it was not read.
// The request had been sent: for SendText the outcome is unknown.
var ErrAnswerTooLarge = errors.New("waack: provider answer over 1 MiB")

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

// WithHTTPClient sends through hc (its Transport, Timeout, Jar, proxies…),
// wrapped in a resty client of waack's own. The client is copied, not
// modified; its CheckRedirect is not used, since waack never follows a
// redirect (see WithRestyClient). The default keeps 128 idle connections
// per host so that bursts of concurrent sends reuse connections, and has a
// 30 s timeout; a context deadline bounds a call more tightly.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return fmt.Errorf("%w: nil *http.Client", ErrInvalidConfig)
		}
		cp := *hc
		if cp.Transport == nil {
			cp.Transport = defaultTransport()
		}
		c.tr = newTransport(&cp)
		return nil
	}
}

// WithRestyClient sends through a resty client the program already
// configured: its transport (proxies, TLS, connection pool), its timeout,
// and its middleware for tracing and metrics (OnBeforeRequest,
// SetPreRequestHook, OnSuccess, OnError, OnPanic and its rate limiter) all
// apply to waack's requests. OnAfterResponse middleware does not run: waack
// reads the answer itself (the 1 MiB cap, gzip), as
// resty.Request.SetDoNotParseResponse does.
//
// waack keeps its own semantics on top: its retries (WithRetry), redaction
// of credentials and answer cap. It sends through a clone of rc (resty's
// Client.Clone, taken in New: configure rc first) on which it turns off
// what would break them, leaving rc itself as it was for its other uses:
//   - resty's retries (SetRetryCount(0)): a text resent by resty would
//     bypass waack's rule of never resending after an ambiguous failure;
//   - resty's logger, debug mode and request/response log callbacks: they
//     print URLs and headers, which carry the credentials;
//   - rc's request defaults meant for the program's other APIs (headers,
//     query and path parameters, form data, auth token, basic auth,
//     cookies): they must not reach the provider, nor override its
//     credentials. (Its base URL does not apply: waack's URLs are
//     absolute.)
//
// One thing of rc's is changed, because the clone shares rc's
// *http.Client: its CheckRedirect is wrapped so that waack's requests are
// never redirected (a 3xx answer is returned as the provider's refusal),
// while every other request of rc keeps the redirect policy rc had. A
// later rc.SetRedirectPolicy (or assignment to CheckRedirect) removes the
// wrapper; waack then refuses to send (ErrInvalidConfig) rather than risk
// following a redirect with the credentials. Like resty's own setters, New
// must not run while rc is in use by other goroutines.
//
// rc's Timeout applies; resty.New sets none, so bound calls with a context
// deadline. Its hooks see the requests as sent, credentials included: they
// are the program's own code and must not log them.
func WithRestyClient(rc *resty.Client) Option {
	return func(c *Client) error {
		if rc == nil || rc.GetClient() == nil {
			return fmt.Errorf("%w: nil *resty.Client, or one not made by resty.New", ErrInvalidConfig)
		}
		c.tr = transport{rc: adoptResty(rc), shared: true}
		guardRedirects(c.tr.rc.GetClient(), false)
		return nil
	}
}

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

// transport is the resty client a Client sends through.
type transport struct {
	rc *resty.Client
	// shared: rc is a clone of a program's resty client (WithRestyClient).
	// Its middleware may write to a request's header, so each request gets
	// a map of its own, and its *http.Client also serves the program's
	// other requests, so waack's carry the ownRequest mark for the
	// redirect guard.
	shared bool
}

// newDefaultTransport is the transport of New without WithHTTPClient or
// WithRestyClient.
func newDefaultTransport() transport {
	return newTransport(&http.Client{Transport: defaultTransport(), Timeout: 30 * time.Second})
}

// newTransport wraps an *http.Client that waack alone uses.
func newTransport(hc *http.Client) transport {
	rc := adoptResty(resty.NewWithClient(hc))
	guardRedirects(rc.GetClient(), true)
	return transport{rc: rc}
}

// adoptResty is the clone of rc that waack sends through (WithRestyClient
// says why each setting is changed). Only the exported request defaults
// are reset here: the unexported ones (content length, closing
// connections) change how a request is framed, not what it says. The
// caller guards the clone's *http.Client against redirects.
func adoptResty(rc *resty.Client) *resty.Client {
	own := rc.Clone()
	own.SetLogger(discardLogger{})
	own.SetDebug(false)
	own.SetDisableWarn(true)
	own.OnRequestLog(nil)
	own.OnResponseLog(nil)
	own.DisableGenerateCurlOnDebug()
	own.SetRetryCount(0)
	own.SetUnescapeQueryParams(false)
	own.Header = http.Header{}
	own.QueryParam, own.FormData = url.Values{}, url.Values{}
	own.PathParams, own.RawPathParams = map[string]string{}, map[string]string{}
	own.Token, own.UserInfo, own.Cookies = "", nil, nil
	return own
}

// discardLogger silences resty's own logging: its error and warning lines
// print request URLs, which carry 1MSG's and Wawp's secrets.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

// attempt is what one HTTP exchange produced.
type attempt struct {
	status int
	header http.Header
	body   []byte
	err    error // transport error, already free of credentials
	wrote  bool  // the request reached the wire, so the provider may have acted on it
}

// exchange makes one HTTP request through the resty client and reads the
// answer.
//
// resty is used leanly: the body goes as a *bytes.Reader (net/http sets
// Content-Length and GetBody from it, and resty copies nothing), the header
// set is prebuilt, and the answer is read here (SetDoNotParseResponse), so
// that waack keeps its 1 MiB cap, gzip handling and one read of the body.
// That costs about a dozen allocations per send over building the
// http.Request by hand (bench/README.md).
func (c *Client) exchange(ctx context.Context, req wire.Request) attempt {
	tr := c.tr
	if !redirectsGuarded(tr.rc.GetClient()) {
		return attempt{err: errGuardRemoved}
	}
	t := new(sendTrace)
	t.hooks = httptrace.ClientTrace{
		GotConn:      func(httptrace.GotConnInfo) { t.gotConn.Store(true) },
		WroteRequest: func(httptrace.WroteRequestInfo) { t.wrote.Store(true) },
	}
	target := c.ep.baseURL + req.Path
	if len(req.Query) > 0 {
		target += "?" + req.Query.Encode()
	}
	r := tr.rc.R()
	traced := ctx
	if tr.shared {
		traced = markOwn(ctx)
	}
	r.SetContext(httptrace.WithClientTrace(traced, &t.hooks))
	r.SetDoNotParseResponse(true)
	debug := c.log.Enabled(ctx, slog.LevelDebug)
	if debug {
		r.EnableTrace()
	}
	r.Header = c.header
	if req.Body != nil {
		r.Header = c.bodyHeader
		r.SetBody(bytes.NewReader(req.Body))
	}
	if tr.shared {
		r.Header = shareHeader(r.Header)
	}
	resp, err := r.Execute(req.Method, target)
	if debug && resp != nil {
		c.logTiming(ctx, resp)
	}
	if err != nil {
		// The request cannot have been acted on when resty refused it before
		// sending (no response: a middleware or rate limiter of a
		// WithRestyClient client said no), when no connection was made, or
		// when it was not fully written. When the transport tells nothing (a
		// custom RoundTripper), assume the provider may have it.
		notSent := resp == nil || isDialError(err) || (t.gotConn.Load() && !t.wrote.Load())
		return attempt{err: c.scrub(err), wrote: !notSent}
	}
	hr := resp.RawResponse
	if isRedirect(hr.StatusCode) {
		return redirectAnswer(hr)
	}
	b, err := readAnswer(hr)
	if err != nil {
		return attempt{err: c.scrub(err), wrote: true}
	}
	return attempt{status: hr.StatusCode, header: hr.Header, body: b, wrote: true}
}

// sendTrace is what the transport tells about one request: whether it got
// a connection and finished writing the request. One allocation holds the
// hooks and the flags.
type sendTrace struct {
	hooks          httptrace.ClientTrace
	gotConn, wrote atomic.Bool
}

// shareHeader gives a request its own header map over the client's value
// slices, which nothing modifies: Set replaces a slice, and Add appends to
// a full one (New makes them so), which copies it. A request of waack's
// own resty client uses the client's map itself: resty only reads it (every
// header it would add is there already) and sends a clone.
func shareHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, v := range h {
		out[k] = v
	}
	return out
}

// scrub is sanitize, and more: an error that still prints a credential
// (written by a shared resty client's middleware or a custom RoundTripper
// quoting the URL or a header) is replaced by its redacted text. errors.Is
// still sees through it; errors.As does not, since the original would
// print the credential.
func (c *Client) scrub(err error) error {
	err = c.sanitize(err)
	var text strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		text.WriteString(e.Error())
	}
	if !c.leaks([]byte(text.String())) {
		return err
	}
	return redactedError{msg: c.redact.Replace(err.Error()), cause: err}
}

// redactedError is an error whose text had a credential in it.
type redactedError struct {
	msg   string
	cause error
}

func (e redactedError) Error() string        { return e.msg }
func (e redactedError) Is(target error) bool { return errors.Is(e.cause, target) }

// logTiming reports resty's trace of one exchange at debug level. No
// attribute carries the URL, a header or a body, which hold credentials.
func (c *Client) logTiming(ctx context.Context, resp *resty.Response) {
	ti := resp.Request.TraceInfo()
	remote := ""
	if ti.RemoteAddr != nil {
		remote = ti.RemoteAddr.String()
	}
	c.log.DebugContext(ctx, "waack http",
		"provider", c.ep.name,
		"method", resp.Request.Method,
		"status", resp.StatusCode(),
		"conn_reused", ti.IsConnReused,
		"conn_was_idle", ti.IsConnWasIdle,
		"conn_idle", ti.ConnIdleTime,
		"dns", ti.DNSLookup,
		"connect", ti.TCPConnTime,
		"tls", ti.TLSHandshake,
		"server_time", ti.ServerTime,
		"total", ti.TotalTime,
		"remote_addr", remote,
	)
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
// and grows by copying. (Webhook bodies have their own reader,
// webhook_read.go.)
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
