package main

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/waack/waack"
)

// typingOutcome is what --typing did with a client: whether the indicator
// went out (Client.ShowsTyping: the Cloud API and 1MSG have a flag for it
// on the read call, Wawp has none), and when it was asked for but cannot
// be, the note saying so. Output must say what was sent, not what was
// asked.
func typingOutcome(c *waack.Client, asked bool) (sent bool, note string) {
	switch {
	case !asked:
		return false, ""
	case c.ShowsTyping():
		return true, ""
	}
	return false, providerTitle(c.Provider()) + " has no typing indicator: --typing was not sent, only the read receipt"
}

// displayEmoji is an emoji as the customer sees it. waack also takes the
// escape form \uD83D\uDC4D (JSON's, with literal backslashes), which is
// decoded here for printing only: what was sent is waack's decoding, and a
// string this does not decode is shown as given.
func displayEmoji(s string) string {
	if !strings.Contains(s, `\u`) || strings.ContainsAny(s, "\"\n") {
		return s
	}
	var out string
	// JSON turns a lone surrogate into U+FFFD instead of failing.
	if err := json.Unmarshal([]byte(`"`+s+`"`), &out); err != nil || strings.ContainsRune(out, utf8.RuneError) {
		return s
	}
	return out
}
