package main

import (
	"strings"

	"github.com/rivo/uniseg"
)

// demoWidth is the terminal width the demo's output fits: every line is at
// most this many columns (emoji count two).
const demoWidth = 100

// wrapLine breaks s at spaces into lines of at most width columns; every
// line after the first starts with hang spaces. A word wider than a line
// gets a line of its own rather than being cut.
func wrapLine(s string, width, hang int) []string {
	if uniseg.StringWidth(s) <= width {
		return []string{s}
	}
	indent := strings.Repeat(" ", hang)
	var lines []string
	var cur strings.Builder
	curWidth := 0
	// The leading indentation of s stays with its first word.
	lead := len(s) - len(strings.TrimLeft(s, " "))
	cur.WriteString(s[:lead])
	curWidth = lead
	empty := true
	for _, word := range strings.Split(s[lead:], " ") {
		w := uniseg.StringWidth(word)
		switch {
		case empty:
		case curWidth+1+w <= width:
			cur.WriteByte(' ')
			curWidth++
		default:
			lines = append(lines, cur.String())
			cur.Reset()
			// A word too long for the hanging indent (a whole id in
			// --verbose) is indented less, so that it still fits.
			in := hang
			if hang+w > width && w <= width {
				in = width - w
			}
			cur.WriteString(indent[:in])
			curWidth = in
		}
		cur.WriteString(word)
		curWidth += w
		empty = false
	}
	return append(lines, cur.String())
}

// shortID is an id shortened in the middle, where provider ids repeat
// themselves (a Cloud API wamid encodes the customer's phone first): the
// head says what kind of id it is, the tail tells ids apart.
func shortID(id string) string {
	const head, tail = 10, 10
	r := []rune(id)
	if len(r) <= head+tail+4 {
		return id
	}
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
