package waack

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the Cloud API, which the other providers share or exceed.
const (
	maxMessageIDBytes = 256  // ids are wamid.… (about 60 bytes) or Wawp serialized ids
	maxTextRunes      = 4096 // a text message body
)

// maxEcho bounds how much user input an error message repeats: enough to
// recognise the value, never a whole message body in a log line.
const maxEcho = 40

// checkMessageID checks the id of a message to react to, reply to or mark
// read: non-empty, valid UTF-8, at most 256 bytes, no white space or control
// characters (ids go into JSON bodies and, for some providers, URLs).
// Failures wrap ErrInvalidMessageID.
func checkMessageID(id string) error {
	var problem string
	switch {
	case id == "":
		problem = "empty"
	case len(id) > maxMessageIDBytes:
		problem = fmt.Sprintf("%d bytes, max %d", len(id), maxMessageIDBytes)
	case !utf8.ValidString(id):
		problem = fmt.Sprintf("not valid UTF-8 at byte %d", invalidUTF8At(id))
	default:
		for i, r := range id {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				problem = fmt.Sprintf("%q at byte %d", r, i)
				break
			}
		}
	}
	if problem == "" {
		return nil
	}
	return fmt.Errorf("%w: %s: %s", ErrInvalidMessageID, clip(id), problem)
}

// checkText checks a text message body: valid UTF-8, 1–4096 characters
// (runes, as WhatsApp counts), not only white space. Failures wrap
// ErrInvalidText; they never repeat the text, which may be private.
func checkText(s string) error {
	switch {
	case !utf8.ValidString(s):
		return fmt.Errorf("%w: not valid UTF-8 at byte %d", ErrInvalidText, invalidUTF8At(s))
	case strings.TrimSpace(s) == "":
		return fmt.Errorf("%w: empty or only white space", ErrInvalidText)
	}
	if n := utf8.RuneCountInString(s); n > maxTextRunes {
		return fmt.Errorf("%w: %d characters, max %d", ErrInvalidText, n, maxTextRunes)
	}
	return nil
}

// invalidUTF8At returns the byte offset of the first invalid UTF-8 sequence
// in s, or -1 when s is valid.
func invalidUTF8At(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return -1
}

// clip quotes user input for an error message, cut to maxEcho runes.
func clip(s string) string {
	n := 0
	for i := range s {
		if n == maxEcho {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}

// maxTrackingIDBytes is Meta's limit on biz_opaque_callback_data.
const maxTrackingIDBytes = 512

// checkTrackingID checks a send's optional tracking id: at most 512 bytes
// of valid UTF-8, and only on a provider that carries one.
func (c *Client) checkTrackingID(id string) error {
	switch {
	case id == "":
		return nil
	case !c.ep.dialect.Features().TrackingID:
		return fmt.Errorf("%w: %s has no tracking id that its status webhooks echo", ErrUnsupported, c.ep.name)
	case len(id) > maxTrackingIDBytes:
		return fmt.Errorf("%w: %d bytes, max %d", ErrInvalidTrackingID, len(id), maxTrackingIDBytes)
	case !utf8.ValidString(id):
		return fmt.Errorf("%w: not valid UTF-8", ErrInvalidTrackingID)
	}
	return nil
}
