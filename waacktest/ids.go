package waacktest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// mix scrambles a sequence number (splitmix64) so that ids look random while
// staying deterministic: the same scenario always yields the same ids, which
// keeps golden files and examples stable.
func mix(n uint64) uint64 {
	n += 0x9e3779b97f4a7c15
	n = (n ^ (n >> 30)) * 0xbf58476d1ce4e5b9
	n = (n ^ (n >> 27)) * 0x94d049bb133111eb
	return n ^ (n >> 31)
}

// shortID is the 20-hex-digit message key WhatsApp clients generate
// (e.g. 3EB0C767D097B7C7C030).
func shortID(seq uint64) string {
	return fmt.Sprintf("3EB0%016X", mix(seq))
}

// wamid builds a Cloud API message id the way Meta's look: "wamid." and the
// base64 of a small binary record holding the customer's number and a key
// (HBgLMTY0NjcwNDM1OTUVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA= decodes to
// 1c 18 0b "16467043595" 15 02 00 12 18 14 "3AFB1640761F070C5690" 00).
func wamid(phone string, inbound bool, seq uint64) string {
	dir := byte(0x11)
	if inbound {
		dir = 0x12
	}
	var b bytes.Buffer
	b.Write([]byte{0x1c, 0x18, byte(len(phone))})
	b.WriteString(phone)
	b.Write([]byte{0x15, 0x02, 0x00, dir, 0x18, 0x14})
	b.WriteString(shortID(seq))
	b.WriteByte(0x00)
	return "wamid." + base64.StdEncoding.EncodeToString(b.Bytes())
}

// serialized builds a whatsapp-web.js / WAHA serialized id:
// {fromMe}_{chatId}_{key}.
func serialized(fromMe bool, phone string, seq uint64) string {
	return fmt.Sprintf("%t_%s@c.us_%s", fromMe, phone, shortID(seq))
}

// traceID builds a Graph fbtrace_id look-alike.
func traceID(seq uint64) string {
	var b [16]byte
	for i := range 2 {
		v := mix(seq<<1 | uint64(i))
		for j := range 8 {
			b[i*8+j] = byte(v >> (8 * j))
		}
	}
	return "A" + base64.RawURLEncoding.EncodeToString(b[:])[:22]
}

// phoneDigits normalizes a phone number the lenient way the providers
// accept it: spaces, dots, dashes, parentheses and one leading "+" are
// dropped; what is left must be 8–15 digits.
func phoneDigits(s string) (string, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	return d, len(d) >= 8 && len(d) <= 15
}

// chatPhone accepts a "<digits>@c.us" chat id and returns the digits.
func chatPhone(chatID string) (string, bool) {
	p, ok := strings.CutSuffix(chatID, "@c.us")
	if !ok {
		return "", false
	}
	d, ok := phoneDigits(p)
	return d, ok && d == p
}

// encodeJSON encodes v without HTML escaping (message text keeps its <, >
// and & as sent) and without a trailing newline.
func encodeJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only this package's own structs of strings, numbers, bools and
		// raw JSON it produced itself are encoded here.
		panic("waacktest: cannot encode JSON: " + err.Error())
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// metaEscape rewrites encoded JSON the way Meta's webhook bodies are
// written: every non-ASCII character as a \uXXXX escape (lowercase hex,
// surrogate pairs above U+FFFF) and "/" as "\/". A receiver that hashes a
// re-encoded body instead of the raw bytes then fails the signature check,
// as it would against Meta. Only string contents can hold either, so a
// byte-wise rewrite is safe.
func metaEscape(js []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(js) + len(js)/8)
	for len(js) > 0 {
		r, size := utf8.DecodeRune(js)
		switch {
		case r == '/':
			b.WriteString(`\/`)
		case r < utf8.RuneSelf:
			b.WriteByte(js[0])
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		js = js[size:]
	}
	return b.Bytes()
}
