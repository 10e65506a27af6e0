package waack

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

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

// attempt is what one HTTP exchange produced.
type attempt struct {
	status int
	header http.Header
	body   []byte
	err    error // transport error, already free of credentials
	wrote  bool  // the request reached the wire, so the provider may have acted on it
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
