package waack

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
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
	// 131008, 131009, 131021, 135000; HTTP 400 without a code).
	ErrInvalidParameter = errors.New("waack: invalid parameter")
	// ErrUndeliverable: the recipient cannot receive the message (Graph 131026).
	ErrUndeliverable = errors.New("waack: message undeliverable")
	// ErrAccountRestricted: the business account is blocked or restricted
	// (Graph 368, 130497, 131031, 131042).
	ErrAccountRestricted = errors.New("waack: account restricted")
	// ErrServiceUnavailable: the provider failed or is overloaded (Graph 1,
	// 2, 131000, 131016, 131057, 133004; HTTP 5xx).
	ErrServiceUnavailable = errors.New("waack: service unavailable")
	// ErrNotSent: 1MSG answered HTTP 200 with "sent": false.
	ErrNotSent = errors.New("waack: message not sent")
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

// classes lists the sentinels this error matches. Graph codes decide first;
// the HTTP status only classifies an error whose code is unknown or absent.
func (e *APIError) classes() []error {
	var out []error
	if e.notSent {
		out = append(out, ErrNotSent)
	}
	if e.windowClosed {
		out = append(out, ErrSessionWindowClosed)
	}
	if byCode := classifyCode(e.Code, e.Op); len(byCode) > 0 {
		return append(out, byCode...)
	}
	if c := classifyStatus(e.HTTPStatus, e.Code); c != nil {
		out = append(out, c)
	}
	return out
}

// classifyCode maps a Graph error code to its sentinels. 131009 is a
// too-old target only for reactions and for webhook-reported failures (the
// asynchronous form Meta documents for reactions); a read or a text with a
// bad id is just an invalid parameter.
func classifyCode(code int, op string) []error {
	switch {
	case code == 190:
		return []error{ErrUnauthorized}
	case code == 3 || code == 10 || (code >= 200 && code <= 299) || code == 131005:
		return []error{ErrForbidden}
	case code == 4 || code == 80007 || code == 130429:
		return []error{ErrRateLimited}
	case code == 131056:
		return []error{ErrPairRateLimited}
	case code == 131048:
		return []error{ErrSpamRateLimited}
	case code == 131047:
		return []error{ErrSessionWindowClosed}
	case code == 131009:
		if op == OpReact || op == OpUnreact || op == OpWebhook {
			return []error{ErrTargetTooOld, ErrInvalidParameter}
		}
		return []error{ErrInvalidParameter}
	case code == 100 || code == 131008 || code == 131021 || code == 135000:
		return []error{ErrInvalidParameter}
	case code == 131026:
		return []error{ErrUndeliverable}
	case code == 368 || code == 130497 || code == 131031 || code == 131042:
		return []error{ErrAccountRestricted}
	case code == 1 || code == 2 || code == 131000 || code == 131016 || code == 131057 || code == 133004:
		return []error{ErrServiceUnavailable}
	}
	return nil
}

// classifyStatus maps an HTTP status to a sentinel for errors whose code is
// absent or unknown. Graph code 0 (AuthException) arrives as HTTP 401.
func classifyStatus(status, code int) error {
	switch {
	case status == 401:
		return ErrUnauthorized
	case status == 403:
		return ErrForbidden
	case status == 429:
		return ErrRateLimited
	case status >= 500:
		return ErrServiceUnavailable
	case status == 400 && code == 0:
		return ErrInvalidParameter
	}
	return nil
}

// outcomeUnknown wraps the cause of an ambiguous failure so that it matches
// both ErrOutcomeUnknown and the cause's own classes.
func outcomeUnknown(cause error) error {
	return fmt.Errorf("%w: %w", ErrOutcomeUnknown, cause)
}
