package waacktest

import (
	"crypto/subtle"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// maxText is the longest text body the providers accept, in characters.
const maxText = 4096

// validEmoji accepts one user-perceived character that is not plain ASCII
// (flags, keycaps, skin tones and ZWJ sequences are one). The sandbox is a
// little more lenient than Meta, which wants an emoji proper.
func validEmoji(e string) bool {
	if len(e) > 64 || !utf8.ValidString(e) || uniseg.GraphemeClusterCount(e) != 1 {
		return false
	}
	for _, r := range e {
		if r >= utf8.RuneSelf && !unicode.IsSpace(r) && !unicode.IsControl(r) {
			return true
		}
	}
	return false
}

func validText(t string) bool {
	return t != "" && utf8.RuneCountInString(t) <= maxText
}

// equalSecret compares a presented credential in constant time.
func equalSecret(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
