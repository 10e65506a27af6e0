package cloudapi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// fieldCap bounds a text field copied from an error envelope: Meta's
	// longest explanations fit, an absurd answer does not reach a log line.
	fieldCap = 512
	// snippetCap bounds the part of an undecodable answer quoted in a
	// Failure message (an HTML error page, a truncated body).
	snippetCap = 200
)

// clip makes provider text safe for a one-line error message: invalid UTF-8
// and control characters become spaces, runs of space collapse, and the
// result is cut to at most n bytes on a rune boundary (plus an ellipsis).
func clip(s string, n int) string {
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
