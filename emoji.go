package waack

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// maxEmojiInput bounds the input of normalizeEmoji. One of the longest
// standard emoji (a kiss with two skin tones) is 35 bytes, 90 characters in
// the escape form; anything near this bound is not one emoji.
const maxEmojiInput = 256

// Code points that build emoji sequences (Unicode Technical Standard #51).
const (
	zwj        = '\u200D' // ZERO WIDTH JOINER, glues the elements of 👨‍👩‍👧
	vs16       = '\uFE0F' // VARIATION SELECTOR-16, asks for emoji presentation
	keycapMark = '\u20E3' // COMBINING ENCLOSING KEYCAP, makes 1️⃣
	cancelTag  = '\U000E007F'
)

// normalizeEmoji checks a reaction emoji and returns it decoded.
//
// The escape form that JSON, Java and JavaScript print ("\uD83D\uDE00" with
// literal backslashes, any case of hex) is decoded first, since emoji often
// come from such sources. The result must then be exactly one grapheme
// cluster (what a user sees as one character, as uniseg segments it) that
// is an emoji by the grammar of UTS #51 ("possible_emoji", ED-17):
// elements joined by ZWJ, each one of
//
//   - an Extended_Pictographic base, alone or with VS16, a skin-tone
//     modifier, or a tag sequence (🏴󠁧󠁢󠁳󠁣󠁴󠁿);
//   - a pair of regional indicators (a flag, 🇺🇸);
//   - a keycap: 0–9, # or *, optional VS16, U+20E3 (1️⃣).
//
// It does not check that a sequence is one Unicode recommends (RGI): the
// provider decides that, and apps render unknown sequences as their parts.
// Failures wrap ErrInvalidEmoji.
func normalizeEmoji(s string) (string, error) {
	e, err := decodeEmoji(s)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %s", ErrInvalidEmoji, clip(s), err.Error())
	}
	return e, nil
}

// decodeEmoji does the work of normalizeEmoji; its errors do not repeat the
// input.
func decodeEmoji(s string) (string, error) {
	switch {
	case s == "":
		return "", errors.New("empty (use Unreact to remove a reaction)")
	case len(s) > maxEmojiInput:
		return "", fmt.Errorf("%d bytes, not one emoji", len(s))
	case !utf8.ValidString(s):
		return "", fmt.Errorf("not valid UTF-8 at byte %d", invalidUTF8At(s))
	}
	e, err := decodeUTF16Escapes(s)
	if err != nil {
		return "", err
	}
	cluster, rest, _, _ := uniseg.FirstGraphemeClusterInString(e, -1)
	switch {
	case rest != "":
		return "", fmt.Errorf("%d characters, want one emoji", uniseg.GraphemeClusterCount(e))
	case !isEmojiSequence([]rune(cluster)):
		return "", errors.New("not an emoji")
	}
	return e, nil
}

// decodeUTF16Escapes replaces every \uXXXX escape in s by its character;
// a surrogate pair takes two escapes. Any other backslash, a lone surrogate,
// or an escape of fewer than four hex digits is an error: no emoji contains
// a backslash.
func decodeUTF16Escapes(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			i++
			continue
		}
		hi, ok := escapeAt(s, i)
		if !ok {
			return "", fmt.Errorf(`malformed escape at byte %d, want \uXXXX`, i)
		}
		r := hi
		switch {
		case hi >= 0xDC00 && hi <= 0xDFFF:
			return "", fmt.Errorf("lone low surrogate at byte %d", i)
		case hi >= 0xD800 && hi <= 0xDBFF:
			lo, ok := escapeAt(s, i+6)
			if !ok || lo < 0xDC00 || lo > 0xDFFF {
				return "", fmt.Errorf("high surrogate at byte %d without its low half", i)
			}
			r = utf16.DecodeRune(hi, lo)
			i += 6
		}
		b.WriteRune(r)
		i += 6
	}
	return b.String(), nil
}

// escapeAt reads the escape \uXXXX at byte i of s.
func escapeAt(s string, i int) (rune, bool) {
	if i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i+2 : i+6]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// isEmojiSequence reports whether rs is emoji elements joined by ZWJ.
func isEmojiSequence(rs []rune) bool {
	for {
		n := emojiElement(rs)
		if n == 0 {
			return false
		}
		rs = rs[n:]
		if len(rs) == 0 {
			return true
		}
		if rs[0] != zwj {
			return false
		}
		rs = rs[1:]
	}
}

// emojiElement returns the length of the emoji element that rs starts with,
// or 0 when it starts with none.
func emojiElement(rs []rune) int {
	if len(rs) == 0 {
		return 0
	}
	base := rs[0]
	switch {
	case isRegionalIndicator(base):
		if len(rs) > 1 && isRegionalIndicator(rs[1]) {
			return 2
		}
		return 0
	case base == '#' || base == '*' || (base >= '0' && base <= '9'):
		n := 1
		if n < len(rs) && rs[n] == vs16 {
			n++
		}
		if n < len(rs) && rs[n] == keycapMark {
			return n + 1
		}
		return 0
	case !unicode.Is(extendedPictographic, base):
		return 0
	}
	if len(rs) == 1 {
		return 1
	}
	switch next := rs[1]; {
	case next == vs16 || isSkinTone(next):
		return 2
	case isTagSpec(next):
		n := 2
		for n < len(rs) && isTagSpec(rs[n]) {
			n++
		}
		if n < len(rs) && rs[n] == cancelTag {
			return n + 1
		}
		return 0
	}
	return 1
}

// isRegionalIndicator reports the letters 🇦–🇿 that pair into flags.
func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// isSkinTone reports the Fitzpatrick modifiers 🏻–🏿.
func isSkinTone(r rune) bool { return r >= 0x1F3FB && r <= 0x1F3FF }

// isTagSpec reports the tag characters that spell a subdivision ("gbsct").
func isTagSpec(r rune) bool { return r >= 0xE0020 && r <= 0xE007E }
