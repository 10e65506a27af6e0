package waack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/waack/waack/internal/wire"
)

// Version is the SDK version sent in the default User-Agent.
const Version = "0.1.0"

// Client sends reactions, read receipts and session texts through one
// provider. It is safe for concurrent use; create one per provider account
// and share it.
type Client struct {
	ep     endpoint
	tr     transport // every request goes through its resty client (transport.go)
	retry  RetryPolicy
	log    *slog.Logger
	ua     string
	guard  *SessionWindows
	redact *strings.Replacer
	// secretForms are the credentials as an answer may echo them: raw,
	// query-escaped, JSON-escaped.
	secretForms [][]byte

	// The headers of every request, built once in New: requests with a
	// body also carry Content-Type. See shareHeader.
	header, bodyHeader http.Header

	limiter Limiter         // WithRateLimit or WithLimiter; nil: no client-wide pacing
	pairs   *pairPacer      // WithPairPacing or WithLimiter
	spacer  *reactionSpacer // WithReactionSpacing
}

// Option configures a Client in New.
type Option func(*Client) error

// New returns a client for a provider value (CloudAPI, OneMsg or Wawp).
// Missing credentials or ids, and base URLs that are not https (plain http
// is allowed on loopback only), are reported here, wrapping ErrInvalidConfig.
func New(p Provider, opts ...Option) (*Client, error) {
	if nilProvider(p) {
		return nil, fmt.Errorf("%w: no provider", ErrInvalidConfig)
	}
	ep, err := p.endpoint()
	if err != nil {
		return nil, err
	}
	ep.name = ep.dialect.Name()
	c := &Client{
		ep:    ep,
		retry: defaultRetryPolicy(),
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
	if c.tr.rc == nil {
		c.tr = newDefaultTransport()
	}
	c.redact, c.secretForms = redactor(ep.secrets)
	c.header = c.requestHeader(false)
	c.bodyHeader = c.requestHeader(true)
	return c, nil
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

// call is one operation through the pipeline.
type call struct {
	op         string
	req        wire.Request
	decode     func(status int, body []byte) (wire.Sent, *wire.Failure)
	trackingID string // carried by an OutcomeUnknownError
}

// do runs a call with retries. Reactions and reads are idempotent and retry
// any transient failure; a text is resent only when the answer proves it was
// not accepted (throttling, an explicit "not sent"), and an ambiguous
// failure becomes ErrOutcomeUnknown. A 5xx proves nothing about a text:
// gateways and load balancers answer 5xx with bodies of their own, after
// the provider may have taken the message.
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
				err, retryable = cl.outcomeUnknown(err), retryable && idempotent
			}
		} else {
			sent, f := cl.decode(a.status, a.body)
			if f != nil && c.leaks(a.body) {
				// Decode the refusal again from a scrubbed body: a credential
				// cut by a length cap (of a field, or of a quoted snippet)
				// would escape redaction of the fields.
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
				err, retryable = cl.outcomeUnknown(apiErr), idempotent
			case idempotent:
				retryable = apiErr.Retryable()
			case notAccepted(apiErr):
				retryable = apiErr.Retryable()
			case a.status >= 500:
				err = cl.outcomeUnknown(apiErr)
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

// outcomeUnknown wraps the cause of an ambiguous failure so that it
// matches both ErrOutcomeUnknown and the cause's own classes.
func (cl *call) outcomeUnknown(cause error) error {
	return &OutcomeUnknownError{Op: cl.op, TrackingID: cl.trackingID, Err: cause}
}

// notAccepted reports an answer that proves a send was not accepted:
// throttling (the request was turned away before it was looked at) or an
// explicit "not sent".
func notAccepted(e *APIError) bool {
	return e.notSent || e.Is(ErrRateLimited) || e.Is(ErrPairRateLimited)
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
		TraceID:      c.redact.Replace(f.TraceID),
		RetryAfter:   retryAfter(a.header),
		Transient:    f.Transient,
		notSent:      f.NotSent,
		windowClosed: f.WindowClosed,
	}
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
