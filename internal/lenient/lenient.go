// Package lenient reads provider answers the way the dialects
// (internal/cloudapi, internal/onemsg, internal/wawp) need: tolerant of
// unknown fields and odd types, and bounded when text is copied into an
// error. Providers change their answers without notice; a successful send
// must never fail to decode because a field grew a new type.
package lenient

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/waack/waack/internal/wire"
)

const (
	// FieldCap bounds a text field copied from an error body: Meta's
	// longest explanations fit, an absurd answer does not reach a log line.
	FieldCap = 512
	// SnippetCap bounds the part of an undecodable answer quoted in a
	// Failure message (an HTML error page, a truncated body).
	SnippetCap = 200
)

// Decode unmarshals an answer leniently: a field of an unexpected type is
// left zero instead of failing the rest (encoding/json goes on after a
// type mismatch). It reports whether body was JSON at all.
func Decode(body []byte, v any) bool {
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	return err == nil || errors.As(err, &typeErr)
}

// Present reports whether a field holds something: not absent, null, false
// or "".
func Present(raw json.RawMessage) bool {
	switch string(raw) {
	case "", "null", "false", `""`:
		return false
	}
	return true
}

// Bool reads a JSON boolean; anything else (absent, null, a string) is no
// answer rather than false. Unmarshalling into a *bool would instead leave a
// pointer to false behind a type error.
func Bool(raw json.RawMessage) *bool {
	v := string(raw) == "true"
	if !v && string(raw) != "false" {
		return nil
	}
	return &v
}

// Code reads the first present code among raws: a number (or a numeric
// string) is the numeric code, any other string a symbolic one such as
// "quota_reached".
func Code(raws ...json.RawMessage) (code int, symbol string) {
	for _, raw := range raws {
		var n int
		if json.Unmarshal(raw, &n) == nil && n != 0 {
			return n, ""
		}
		var s string
		if json.Unmarshal(raw, &s) != nil || s == "" {
			continue
		}
		if n, err := strconv.Atoi(s); err == nil {
			return n, ""
		}
		return 0, s
	}
	return 0, ""
}

// String reads a field that should be a string; anything else is "".
func String(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// First returns the first non-empty string.
func First(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// FirstExcept returns the first non-empty string that differs from skip, so
// that a Failure does not repeat its Message as its Title or Details.
func FirstExcept(skip string, ss ...string) string {
	for _, s := range ss {
		if s != "" && s != skip {
			return s
		}
	}
	return ""
}

// Clip makes provider text safe for a one-line error message: invalid UTF-8
// and control characters become spaces, runs of space collapse, and the
// result is cut to at most n bytes on a rune boundary (plus an ellipsis).
func Clip(s string, n int) string {
	if len(s) > 4*n { // bound the work on huge bodies before cleaning
		s = s[:4*n]
	}
	s = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ClipFields clips every text field of a decoded Failure to FieldCap and
// returns it, so that decoders fill it from raw provider text first and
// bound it once.
func ClipFields(f *wire.Failure) *wire.Failure {
	for _, s := range []*string{&f.Type, &f.Title, &f.Message, &f.Details, &f.TraceID} {
		*s = Clip(*s, FieldCap)
	}
	return f
}

// Unrecognised is the Failure for an answer without the provider's error
// shape: why it was not understood, and the start of the body. The
// pipeline treats it as ambiguous, since a proxy or load balancer may have
// produced it after the provider accepted the message.
func Unrecognised(why string, body []byte) *wire.Failure {
	snippet := Clip(string(body), SnippetCap)
	if snippet == "" {
		snippet = "empty body"
	}
	return &wire.Failure{Message: why + ": " + snippet}
}
