package waack

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FillPlaceholders fills a session-reply template: every {{n}} becomes
// values[n-1], numbered from 1 as in WhatsApp message templates.
//
//	FillPlaceholders("Hello, {{1}}! We received your request about «{{2}}».", "Alexey", "CRM")
//
// gives "Hello, Alexey! We received your request about «CRM».". A
// placeholder may appear more than once. Values go in literally: a value
// that contains "{{2}}" is not filled again.
//
// The template and values must match exactly, because a mismatch would show
// the customer a raw "{{2}}" or drop a detail the reply was written for.
// These are errors wrapping ErrInvalidText: a placeholder without a value, a
// value no placeholder uses (which includes a gap such as {{1}} and {{3}}
// without {{2}}), an empty or white-space value, {{0}}, "{{" that is not a
// placeholder ("{{ 1 }}", "{{01}}", an unclosed "{{"), and "}}" outside a
// placeholder (a mistyped "{1}}"). The result must be a valid text body
// (see SendText): 1–4096 characters, valid UTF-8.
func FillPlaceholders(template string, values ...string) (string, error) {
	parts, err := parseTemplate(template)
	if err != nil {
		return "", fmt.Errorf("%w: %s", ErrInvalidText, err.Error())
	}
	used := make([]bool, len(values))
	for _, p := range parts {
		if p.n == 0 {
			continue
		}
		if p.n > len(values) {
			return "", fmt.Errorf("%w: %s at byte %d has no value (%d given)", ErrInvalidText, clip("{{"+p.text+"}}"), p.at, len(values))
		}
		used[p.n-1] = true
	}
	for i, v := range values {
		switch {
		case !used[i]:
			return "", fmt.Errorf("%w: value %d is not used: the template has no {{%d}}", ErrInvalidText, i+1, i+1)
		case strings.TrimSpace(v) == "":
			return "", fmt.Errorf("%w: value %d (for {{%d}}) is empty", ErrInvalidText, i+1, i+1)
		}
	}
	var b strings.Builder
	for _, p := range parts {
		if p.n == 0 {
			b.WriteString(p.text)
		} else {
			b.WriteString(values[p.n-1])
		}
	}
	out := b.String()
	if err := checkText(out); err != nil {
		return "", err
	}
	return out, nil
}

// templatePart is literal text (n == 0) or the placeholder {{n}}, whose
// digits are text, found at byte at of the template.
type templatePart struct {
	text string
	n    int
	at   int
}

// parseTemplate splits a template into literal text and placeholders. Its
// errors name the offending piece and its byte offset.
func parseTemplate(t string) ([]templatePart, error) {
	var parts []templatePart
	pos := 0
	for {
		rest := t[pos:]
		open, closing := strings.Index(rest, "{{"), strings.Index(rest, "}}")
		if closing >= 0 && (open < 0 || closing < open) {
			return nil, fmt.Errorf("}} at byte %d closes no {{", pos+closing)
		}
		if open < 0 {
			if rest != "" {
				parts = append(parts, templatePart{text: rest, at: pos})
			}
			return parts, nil
		}
		if open > 0 {
			parts = append(parts, templatePart{text: rest[:open], at: pos})
		}
		start := pos + open
		end := strings.Index(t[start+2:], "}}")
		if end < 0 {
			return nil, fmt.Errorf("{{ at byte %d is not closed", start)
		}
		digits := t[start+2 : start+2+end]
		n, err := placeholderNumber(digits)
		if err != nil {
			return nil, fmt.Errorf("%s at byte %d: %s", clip("{{"+digits+"}}"), start, err.Error())
		}
		parts = append(parts, templatePart{text: digits, n: n, at: start})
		pos = start + 2 + end + 2
	}
}

// placeholderNumber parses the digits between {{ and }}. A number too large
// for an int is returned as math.MaxInt: it cannot have a value either.
func placeholderNumber(digits string) (int, error) {
	switch {
	case digits == "":
		return 0, errors.New("no number")
	case strings.TrimLeft(digits, "0123456789") != "":
		return 0, errors.New("want a number like {{1}}")
	case digits == "0":
		return 0, errors.New("placeholders count from {{1}}")
	case digits[0] == '0':
		return 0, errors.New("leading zero")
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return math.MaxInt, nil
	}
	return n, nil
}
