package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/waack/waack"
)

// result is the outcome of a provider call or a customer action, as --json
// prints it and as the human output lays it out.
type result struct {
	Command   string     `json:"command"`
	Provider  string     `json:"provider,omitempty"`
	OK        bool       `json:"ok"`
	Headline  string     `json:"-"`                    // the human summary line
	ID        string     `json:"id,omitempty"`         // the id the provider gave the reaction or text
	IDIs      string     `json:"-"`                    // what ID names, for people: "the reaction's own id"
	To        string     `json:"to,omitempty"`         // the recipient as sent
	From      string     `json:"from,omitempty"`       // customer commands: the customer played
	WaID      string     `json:"wa_id,omitempty"`      // Cloud API contacts[0].wa_id
	Status    string     `json:"status,omitempty"`     // Cloud API messages[0].message_status
	MessageID string     `json:"message_id,omitempty"` // the customer message acted on
	Emoji     string     `json:"emoji,omitempty"`
	Typing    *bool      `json:"typing,omitempty"` // read, ack: whether the typing indicator went out
	Note      string     `json:"note,omitempty"`   // what was asked but not done, e.g. --typing on Wawp
	Next      string     `json:"-"`                // a command to try next, for people
	ExitCode  int        `json:"exit_code"`
	Error     *errorJSON `json:"error,omitempty"`
}

// withSent copies what the provider answered.
func (r result) withSent(s *waack.Sent) result {
	if s != nil {
		r.ID, r.To, r.WaID, r.Status = s.ID, s.To, s.WaID, s.Status
	}
	return r
}

// errorJSON is an error for machines: the message, the sentinels it matches,
// and the provider's refusal when there is one.
type errorJSON struct {
	Message           string   `json:"message"`
	Matches           []string `json:"matches,omitempty"`
	Provider          string   `json:"provider,omitempty"`
	Op                string   `json:"op,omitempty"`
	HTTPStatus        int      `json:"http_status,omitempty"`
	Code              int      `json:"code,omitempty"`
	Subcode           int      `json:"subcode,omitempty"`
	Type              string   `json:"type,omitempty"`
	Title             string   `json:"title,omitempty"`
	Details           string   `json:"details,omitempty"`
	TraceID           string   `json:"trace_id,omitempty"`
	RetryAfterSeconds float64  `json:"retry_after_seconds,omitempty"`
}

// sentinels are the errors a script may want to branch on, by name.
var sentinels = []struct {
	name string
	err  error
}{
	{"ErrInvalidConfig", waack.ErrInvalidConfig},
	{"ErrInvalidPhone", waack.ErrInvalidPhone},
	{"ErrInvalidEmoji", waack.ErrInvalidEmoji},
	{"ErrInvalidMessageID", waack.ErrInvalidMessageID},
	{"ErrInvalidText", waack.ErrInvalidText},
	{"ErrUnauthorized", waack.ErrUnauthorized},
	{"ErrForbidden", waack.ErrForbidden},
	{"ErrRateLimited", waack.ErrRateLimited},
	{"ErrPairRateLimited", waack.ErrPairRateLimited},
	{"ErrSpamRateLimited", waack.ErrSpamRateLimited},
	{"ErrSessionWindowClosed", waack.ErrSessionWindowClosed},
	{"ErrTargetTooOld", waack.ErrTargetTooOld},
	{"ErrInvalidParameter", waack.ErrInvalidParameter},
	{"ErrUndeliverable", waack.ErrUndeliverable},
	{"ErrAccountRestricted", waack.ErrAccountRestricted},
	{"ErrServiceUnavailable", waack.ErrServiceUnavailable},
	{"ErrNotSent", waack.ErrNotSent},
	{"ErrOutcomeUnknown", waack.ErrOutcomeUnknown},
	{"ErrMessageFailed", waack.ErrMessageFailed},
	{"ErrUnsupported", waack.ErrUnsupported},
	{"DeadlineExceeded", context.DeadlineExceeded},
	{"Canceled", context.Canceled},
}

func newErrorJSON(err error, secret string) *errorJSON {
	out := &errorJSON{Message: scrub(err.Error(), secret)}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			out.Matches = append(out.Matches, s.name)
		}
	}
	var apiErr *waack.APIError
	if errors.As(err, &apiErr) {
		out.Provider, out.Op = apiErr.Provider, apiErr.Op
		out.HTTPStatus, out.Code, out.Subcode = apiErr.HTTPStatus, apiErr.Code, apiErr.Subcode
		out.Type, out.TraceID = apiErr.Type, apiErr.TraceID
		out.Title, out.Details = scrub(apiErr.Title, secret), scrub(apiErr.Details, secret)
		out.RetryAfterSeconds = apiErr.RetryAfter.Seconds()
	}
	return out
}

// hints say what to do about an error class, first match wins.
var hints = []struct {
	err  error
	hint string
}{
	{waack.ErrOutcomeUnknown, "the provider may have accepted it: check the status webhook (waack listen) before sending again"},
	{waack.ErrUnauthorized, "the token is missing, wrong or expired: check WAACK_TOKEN"},
	{waack.ErrForbidden, "the token lacks a permission for this number or channel"},
	{waack.ErrSessionWindowClosed, "over 24 hours since the customer last wrote: only a template message can reach them now"},
	{waack.ErrPairRateLimited, "too many messages to this customer: wait a few seconds"},
	{waack.ErrRateLimited, "throttled: try again later"},
	{waack.ErrInvalidConfig, "check the provider flags or WAACK_* variables (a base URL must be https, or http on loopback)"},
	{context.DeadlineExceeded, "no answer within --timeout"},
}

// writeError prints err for people: the message (each of joined errors on
// its own line, as Acknowledge joins its two halves), and a hint when one
// fits.
func writeError(w io.Writer, cmd string, err error, secret string) {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		fmt.Fprintf(w, "waack %s: %s\n", cmd, scrub(e.Error(), secret))
	}
	for _, h := range hints {
		if errors.Is(err, h.err) {
			fmt.Fprintf(w, "  hint: %s\n", h.hint)
			return
		}
	}
	if callExitCode(err) == exitNetwork {
		fmt.Fprintln(w, "  hint: no answer from the provider: check --base-url (WAACK_BASE_URL) and the network")
	}
}

// writeResult prints a call's outcome for people, one aligned field a line.
func writeResult(w io.Writer, r result) {
	mark := "✓"
	if !r.OK {
		mark = "✗"
	}
	fmt.Fprintf(w, "%s %s\n", mark, r.Headline)
	id := r.ID
	if id != "" && r.IDIs != "" {
		id += "  (" + r.IDIs + ")"
	}
	for _, f := range [][2]string{{"provider", r.Provider}, {"id", id}, {"to", r.To}, {"wa_id", r.WaID}, {"status", r.Status}, {"note", r.Note}, {"next", r.Next}} {
		if f[1] != "" {
			fmt.Fprintf(w, "  %-9s %s\n", f[0], f[1])
		}
	}
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // stdout; nothing sensible to do if it fails
}

// scrub removes the secret from s. Short values are left alone: replacing
// "x" everywhere would garble the text and hide nothing.
func scrub(s, secret string) string {
	if len(secret) < 8 {
		return s
	}
	return strings.ReplaceAll(s, secret, "[REDACTED]")
}
