package testkit

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

// CheckFailureTexts fails the test unless every text of f is what the
// pipeline may put in an error: valid UTF-8, one line, no NUL, within
// lenient.FieldCap; and unless an unrecognised answer says why it failed.
func CheckFailureTexts(t testing.TB, f *wire.Failure) {
	t.Helper()
	for _, s := range []string{f.Message, f.Title, f.Details, f.Type, f.TraceID} {
		if len(s) > lenient.FieldCap+len("…") || !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n\x00") {
			t.Fatalf("unsafe failure text %q", s)
		}
	}
	if !f.Recognised && f.Message == "" {
		t.Fatalf("unrecognised failure without a message: %+v", f)
	}
}
