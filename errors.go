package waack

import (
	"errors"

	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/waack/waack/internal/wire"
)

// Sentinel errors. Every error the client returns matches at least one of
// them with errors.Is; provider refusals are also an *APIError (errors.As).
var (
	// ErrInvalidConfig: a provider value given to New lacks a credential or
	// id, or has a base URL that is not https (loopback http is allowed).
	ErrInvalidConfig = errors.New("waack: invalid configuration")
	// ErrInvalidPhone: not 8–15 digits once spaces, dots, dashes,
	// parentheses and a leading + or 00 are removed.
	ErrInvalidPhone = errors.New("waack: invalid phone number")
	// ErrInvalidEmoji: not exactly one emoji (one grapheme cluster).
	ErrInvalidEmoji = errors.New("waack: invalid emoji")
	// ErrInvalidMessageID: empty, contains white space, or over 256 bytes.
	ErrInvalidMessageID = errors.New("waack: invalid message id")
	// ErrInvalidText: empty or over 4096 characters, or placeholders that
	// do not match their values.
	ErrInvalidText = errors.New("waack: invalid text")
	// ErrInvalidTrackingID: a tracking id over 512 bytes or not UTF-8.
	ErrInvalidTrackingID = errors.New("waack: invalid tracking id")

	// ErrUnauthorized: the token is missing, wrong or expired (Graph 0, 190; HTTP 401).
	ErrUnauthorized = errors.New("waack: unauthorized")
	// ErrForbidden: the token lacks a permission (Graph 3, 10, 200–299, 131005; HTTP 403).
	ErrForbidden = errors.New("waack: forbidden")
	// ErrRateLimited: a throughput or call-rate limit (Graph 4, 80007, 130429; HTTP 429).
	ErrRateLimited = errors.New("waack: rate limited")
	// ErrPairRateLimited: too many messages to the same user (Graph 131056).
	ErrPairRateLimited = errors.New("waack: pair rate limited")
	// ErrSpamRateLimited: the number is restricted for spam (Graph 131048).
	ErrSpamRateLimited = errors.New("waack: spam rate limited")
	// ErrSessionWindowClosed: the 24-hour customer service window is closed
	// (Graph 131047; 1MSG's "dialog window is closed"); send a template.
	ErrSessionWindowClosed = errors.New("waack: 24-hour session window closed")
	// ErrTargetTooOld: a reaction's target is over 30 days old, unknown,
	// deleted or itself a reaction (Graph 131009 on a reaction, usually
	// reported by a failed status webhook).
	ErrTargetTooOld = errors.New("waack: reaction target too old or invalid")
	// ErrInvalidParameter: the provider rejected a parameter (Graph 100,
	// 131008, 131009, 131021, 131051, 131053, 132000, 135000, 803; HTTP 400
	// without a code; HTTP 422).
	ErrInvalidParameter = errors.New("waack: invalid parameter")
	// ErrUndeliverable: the recipient cannot receive the message (Graph 131026).
	ErrUndeliverable = errors.New("waack: message undeliverable")
	// ErrAccountRestricted: the business account is blocked, restricted or
	// not set up (Graph 368, 130497, 131031, 131042, 133010; 1MSG HTTP 402;
	// Wawp "quota_reached").
	ErrAccountRestricted = errors.New("waack: account restricted")
	// ErrServiceUnavailable: the provider failed or is overloaded (Graph 1,
	// 2, 131000, 131016, 131057, 133004; HTTP 5xx).
	ErrServiceUnavailable = errors.New("waack: service unavailable")
	// ErrNotSent: 1MSG answered HTTP 200 with "sent": false.
	ErrNotSent = errors.New("waack: message not sent")
	// ErrUnsupported: the client's provider has no such call or cannot
	// carry this part of one (a business-scoped user id on 1MSG or Wawp, a
	// tracking id outside the Cloud API).
	ErrUnsupported = errors.New("waack: not supported by this provider")
	// ErrRejected: the provider refused the request and no more specific
	// sentinel applies (an unknown error code, HTTP 404, 405, 409, 413, a
	// redirect). Every refusal matches it or a more specific sentinel.
	ErrRejected = errors.New("waack: rejected by the provider")
	// ErrOutcomeUnknown: the request may have reached the provider but no
	// usable answer came back (connection dropped after the request was
	// written, timeout, 5xx without an error body). A SendText that fails so
	// is never resent: check delivery by webhook before sending again.
	ErrOutcomeUnknown = errors.New("waack: outcome unknown")
)

// Operation names used in APIError.Op and in log lines.
const (
	OpReact    = "react"
	OpUnreact  = "unreact"
	OpMarkRead = "mark_read"
	OpSendText = "send_text"
	OpWebhook  = "webhook"
)

// APIError is a provider's refusal: an error answer to a call, or an error
// reported by a webhook (Op "webhook", HTTPStatus 0). It matches the
// sentinels above with errors.Is, by code first and HTTP status second,
// because Meta reports throttling as HTTP 400.
//
// Meta's error codes: https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
type APIError struct {
	Provider   string // "cloudapi", "1msg", "wawp"
	Op         string // "react", "unreact", "mark_read", "send_text", or "webhook"
	HTTPStatus int    // 0 for webhook-reported errors
	Code       int    // provider/Graph error code; 0 when none was given
	Subcode    int
	Type       string
	Title      string
	Message    string
	Details    string
	TraceID    string
	RetryAfter time.Duration // from Retry-After, when given

	// Transient is Graph's is_transient hint, when the answer carried one.
	Transient *bool

	notSent      bool // 1MSG sent:false
	windowClosed bool // provider text says the 24-hour window is closed
}

// Error describes the refusal without any credential.
func (e *APIError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("waack: ")
	b.WriteString(e.Provider)
	if e.Op != "" {
		b.WriteByte(' ')
		b.WriteString(e.Op)
	}
	b.WriteString(": ")
	msg := e.Message
	if msg == "" {
		msg = e.Title
	}
	if msg == "" {
		switch {
		case e.notSent:
			msg = "not sent"
		case e.HTTPStatus != 0:
			msg = "HTTP " + strconv.Itoa(e.HTTPStatus)
		default:
			msg = "error"
		}
	}
	b.WriteString(msg)
	var meta []string
	if e.Code != 0 {
		meta = append(meta, "code "+strconv.Itoa(e.Code))
	}
	if e.HTTPStatus != 0 {
		meta = append(meta, "HTTP "+strconv.Itoa(e.HTTPStatus))
	}
	if e.TraceID != "" {
		meta = append(meta, "fbtrace_id "+e.TraceID)
	}
	if len(meta) > 0 {
		b.WriteString(" (" + strings.Join(meta, ", ") + ")")
	}
	if e.Details != "" && e.Details != msg {
		b.WriteString(": ")
		b.WriteString(e.Details)
	}
	return b.String()
}

// Is reports whether the error belongs to the class of a sentinel, so that
// errors.Is(err, ErrRateLimited) works on any *APIError in a chain.
func (e *APIError) Is(target error) bool {
	if e == nil {
		return false
	}
	for _, c := range e.classes() {
		if c == target {
			return true
		}
	}
	return false
}

// Retryable reports whether sending the same request again later may succeed:
// throttling, pair limits and provider failures are; bad parameters,
// authentication, policy and window errors are not. Graph's is_transient
// hint, when given, wins.
func (e *APIError) Retryable() bool {
	if e == nil {
		return false
	}
	if e.Transient != nil {
		return *e.Transient
	}
	for _, c := range e.classes() {
		switch c {
		case ErrRateLimited, ErrPairRateLimited, ErrServiceUnavailable:
			return true
		}
	}
	return false
}

// classes lists the sentinels this error matches, by its provider's own
// error table (Graph's for the Cloud API, and for Meta errors that 1MSG
// passes through; Wawp's own codes and texts for Wawp). Every refusal
// matches at least one sentinel: ErrRejected when no more specific one
// applies.
func (e *APIError) classes() []error {
	c := classifierOf(e.Provider)(wire.ErrorInfo{
		Op:           e.Op,
		HTTPStatus:   e.HTTPStatus,
		Code:         e.Code,
		Subcode:      e.Subcode,
		Type:         e.Type,
		Title:        e.Title,
		Message:      e.Message,
		NotSent:      e.notSent,
		WindowClosed: e.windowClosed,
	})
	var out []error
	for _, cs := range classSentinels {
		if c&cs.class != 0 {
			out = append(out, cs.err)
		}
	}
	return out
}

// classSentinels maps the dialects' error classes to the sentinels, in the
// order an error lists them.
var classSentinels = []struct {
	class wire.Class
	err   error
}{
	{wire.ClassNotSent, ErrNotSent},
	{wire.ClassWindowClosed, ErrSessionWindowClosed},
	{wire.ClassUnauthorized, ErrUnauthorized},
	{wire.ClassForbidden, ErrForbidden},
	{wire.ClassRateLimited, ErrRateLimited},
	{wire.ClassPairRateLimited, ErrPairRateLimited},
	{wire.ClassSpamRateLimited, ErrSpamRateLimited},
	{wire.ClassTargetTooOld, ErrTargetTooOld},
	{wire.ClassInvalidParameter, ErrInvalidParameter},
	{wire.ClassUndeliverable, ErrUndeliverable},
	{wire.ClassAccountRestricted, ErrAccountRestricted},
	{wire.ClassUnavailable, ErrServiceUnavailable},
	{wire.ClassRejected, ErrRejected},
}

// inputError turns a dialect's refusal of an input into an error wrapping
// the root sentinel of its kind; other errors pass unchanged.
func inputError(err error) error {
	var ie *wire.InputError
	if !errors.As(err, &ie) {
		return err
	}
	sentinel := ErrInvalidConfig
	switch ie.Kind {
	case wire.InvalidPhone:
		sentinel = ErrInvalidPhone
	case wire.Unsupported:
		sentinel = ErrUnsupported
	case wire.BadPayload:
		sentinel = ErrBadPayload
	}
	return fmt.Errorf("%w: %s", sentinel, ie.Reason)
}

// OutcomeUnknownError is a send whose outcome is unknown: the request may
// have reached the provider, but no answer proved it accepted or refused
// (a connection lost after the request was written, a timeout, a 5xx, a
// success answer without a message id). It matches ErrOutcomeUnknown and
// the classes of its cause. Do not resend blindly: when the send carried a
// TrackingID, StatusTracker.WaitTracking resolves it from the status
// webhooks.
type OutcomeUnknownError struct {
	Op         string // the operation, e.g. "send_text"
	TrackingID string // the send's tracking id, "" when it had none
	Err        error  // what happened: a transport error or an *APIError
}

// Error describes the failure.
func (e *OutcomeUnknownError) Error() string {
	if e == nil || e.Err == nil {
		return ErrOutcomeUnknown.Error()
	}
	return ErrOutcomeUnknown.Error() + ": " + e.Err.Error()
}

// Is matches ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap is the cause.
func (e *OutcomeUnknownError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}
