package waack

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// E.164 caps an international number at 15 digits. The floor of 8 is this
// package's contract (design "Input rules"): it catches truncated numbers, at
// the cost of the few tiny numbering plans whose numbers are shorter.
const (
	minPhoneDigits = 8
	maxPhoneDigits = 15
)

// personSuffixes are the chat-id domains of a person's phone number: "c.us"
// is what 1MSG and Wawp/WAHA print, "s.whatsapp.net" is the JID form of the
// WhatsApp protocol (Baileys, whatsmeow). Both end in the bare number.
var personSuffixes = []string{"c.us", "s.whatsapp.net"}

// NormalizePhone turns a phone number as people write it into the digits
// WhatsApp wants: country code and number, no '+', e.g.
// "+1 (650) 555-1234" → "16505551234" and "0044 20 7946 0958" →
// "442079460958".
//
// It removes white space, dots, dashes and parentheses anywhere, and one
// leading '+' or international "00" prefix. What remains must be 8–15 ASCII
// digits not starting with 0: a leading 0 is a national trunk prefix ("06 12
// 34 56 78"), so the country code is missing and no chat would match it.
//
// A person's chat id ("16505551234@c.us", "16505551234@s.whatsapp.net"), as
// 1MSG and Wawp webhooks report senders, is accepted too and gives its
// number, so that an event's From works as a recipient with every provider.
// Group, LID and newsletter ids are not phones: use ChatID for those.
//
// Every failure wraps ErrInvalidPhone.
func NormalizePhone(s string) (string, error) {
	if local, ok := cutPersonSuffix(s); ok {
		if d, err := digitsOf(local); err == nil && d == local {
			return d, nil
		}
		return "", fmt.Errorf("%w: %s: the part before @ must be the digits of an international number", ErrInvalidPhone, clip(s))
	}
	if strings.Contains(s, "@") {
		return "", fmt.Errorf("%w: %s: of chat ids, only @c.us and @s.whatsapp.net ones are phones", ErrInvalidPhone, clip(s))
	}
	d, err := digitsOf(s)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %s", ErrInvalidPhone, clip(s), err.Error())
	}
	return d, nil
}

// cutPersonSuffix returns the part before "@c.us" or "@s.whatsapp.net"
// (domain in any case, surrounding white space ignored).
func cutPersonSuffix(s string) (string, bool) {
	local, domain, ok := strings.Cut(strings.TrimSpace(s), "@")
	if !ok {
		return "", false
	}
	for _, suffix := range personSuffixes {
		if strings.EqualFold(domain, suffix) {
			return local, true
		}
	}
	return "", false
}

// digitsOf applies the phone rules of NormalizePhone to a bare number. Its
// errors say what is wrong without repeating the input.
func digitsOf(s string) (string, error) {
	var (
		b    strings.Builder
		plus bool
	)
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			// The 2 leaves room for a "00" prefix; beyond, the count is all
			// the error needs.
			if b.Len() > maxPhoneDigits+2 {
				return "", fmt.Errorf("more than %d digits", maxPhoneDigits)
			}
			b.WriteRune(r)
		case r == '+' && !plus && b.Len() == 0:
			plus = true
		case r == '+':
			return "", fmt.Errorf("'+' at byte %d: only one, before the digits", i)
		case isPhoneSeparator(r):
		default:
			return "", fmt.Errorf("unexpected %q at byte %d", r, i)
		}
	}
	d := b.String()
	if !plus && strings.HasPrefix(d, "00") {
		d = d[2:]
	}
	switch {
	case d == "":
		return "", errors.New("no digits")
	case d[0] == '0':
		return "", errors.New("starts with 0: give the country code")
	case len(d) < minPhoneDigits || len(d) > maxPhoneDigits:
		return "", fmt.Errorf("%d digits, want %d–%d", len(d), minPhoneDigits, maxPhoneDigits)
	}
	return d, nil
}

// isPhoneSeparator reports the characters people put between digit groups:
// any Unicode white space (pasted numbers often carry no-break spaces), any
// dash (category Pd: '-', en dash…), dots and parentheses.
func isPhoneSeparator(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '.' || r == '(' || r == ')'
}

// maxChatIDLocal bounds the part of a chat id before '@'. Real ids are far
// shorter (a group id is about 18 digits, a BSUID about 30 characters).
const maxChatIDLocal = 128

// passThroughDomains are the chat-id domains ChatID returns as given: groups,
// LIDs (WhatsApp's phone-less user ids, BSUIDs on 1MSG) and channels.
var passThroughDomains = []string{"g.us", "lid", "newsletter"}

// ChatID returns the chat id that 1MSG and Wawp address a message to.
//
// A phone number, in any form NormalizePhone accepts, becomes
// "<digits>@c.us": "+1 650-555-1234" → "16505551234@c.us"; so does a
// person's "@s.whatsapp.net" JID. Ids ending in "@g.us", "@lid" or
// "@newsletter" are returned as given (domain lower-cased, surrounding white
// space removed) once the part before '@' is checked: non-empty, at most 128
// bytes, valid UTF-8, no white space, control characters or slashes, since
// providers put chat ids into URL paths. Anything else, "@broadcast" ids
// included, wraps ErrInvalidPhone.
func ChatID(s string) (string, error) {
	t := strings.TrimSpace(s)
	local, domain, hasAt := strings.Cut(t, "@")
	if _, person := cutPersonSuffix(t); person || !hasAt {
		p, err := NormalizePhone(t)
		if err != nil {
			return "", err
		}
		return p + "@c.us", nil
	}
	for _, d := range passThroughDomains {
		if !strings.EqualFold(domain, d) {
			continue
		}
		if err := checkChatIDLocal(local); err != nil {
			return "", fmt.Errorf("%w: %s: %s", ErrInvalidPhone, clip(s), err.Error())
		}
		return local + "@" + d, nil
	}
	return "", fmt.Errorf("%w: %s: not a phone or an id ending in @c.us, @g.us, @lid or @newsletter", ErrInvalidPhone, clip(s))
}

// checkChatIDLocal checks the part of a pass-through chat id before '@'.
func checkChatIDLocal(local string) error {
	switch {
	case local == "":
		return errors.New("nothing before @")
	case len(local) > maxChatIDLocal:
		return fmt.Errorf("%d bytes before @, max %d", len(local), maxChatIDLocal)
	case !utf8.ValidString(local):
		return errors.New("not valid UTF-8")
	}
	for i, r := range local {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '/' || r == '\\' {
			return fmt.Errorf("unexpected %q at byte %d", r, i)
		}
	}
	return nil
}

// chatKey maps every way of naming one chat to one key, for tables keyed by
// chat (session windows): "+1 650-555-1234", "16505551234",
// "16505551234@c.us" and "16505551234@s.whatsapp.net" all give
// "16505551234". Other ids (groups, LIDs, anything unparsable) give their
// lower-cased, trimmed form, so equal ids still meet; "" gives "".
func chatKey(s string) string {
	if p, err := NormalizePhone(s); err == nil {
		return p
	}
	return strings.ToLower(strings.TrimSpace(s))
}
