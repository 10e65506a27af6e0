package waack

import (
	"strings"
	"testing"
)

func TestCheckMessageID(t *testing.T) {
	valid := []string{
		"wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFGRkY0Qjc2RkU3NQA=",
		"false_11111111111@c.us_3F351BFA105BA281C054",
		"true_11111111111@g.us_4CC5_9999@lid",
		"gBGGeRhGZTEfAgkJCh2wAz4ZH-8",
		"x",
		strings.Repeat("a", 256),
		"идентификатор", // valid UTF-8, not ASCII
	}
	for _, id := range valid {
		if err := checkMessageID(id); err != nil {
			t.Errorf("checkMessageID(%q) = %v", id, err)
		}
	}

	invalid := []struct{ in, problem string }{
		{"", "empty"},
		{strings.Repeat("a", 257), "257 bytes, max 256"},
		{"wamid.AB CD", "' ' at byte 8"},
		{" wamid.ABCD", "' ' at byte 0"},
		{"wamid.ABCD\n", `'\n' at byte 10`},
		{"wamid.\u00a0ABCD", `'\u00a0' at byte 6`},
		{"wamid.\x00ABCD", `'\x00' at byte 6`},
		{"wamid.\xffABCD", "not valid UTF-8 at byte 6"},
	}
	for _, tc := range invalid {
		wantErr(t, checkMessageID(tc.in), ErrInvalidMessageID, tc.problem, tc.in)
	}
}

func TestCheckText(t *testing.T) {
	valid := []string{
		"Hi",
		".",
		" padded ",
		strings.Repeat("я", 4096), // 4096 runes, 8192 bytes
		strings.Repeat("👍", 4096),
	}
	for _, s := range valid {
		if err := checkText(s); err != nil {
			t.Errorf("checkText(%.20q…) = %v", s, err)
		}
	}

	invalid := []struct{ in, problem string }{
		{"", "empty or only white space"},
		{" \n\t\u00a0", "empty or only white space"},
		{strings.Repeat("a", 4097), "4097 characters, max 4096"},
		{strings.Repeat("я", 4097), "4097 characters, max 4096"},
		{"ok \xff", "not valid UTF-8 at byte 3"},
		{"\xe2\x82", "not valid UTF-8 at byte 0"},
	}
	for _, tc := range invalid {
		wantErr(t, checkText(tc.in), ErrInvalidText, tc.problem, tc.in)
	}
}

func TestErrorsDoNotRepeatText(t *testing.T) {
	secret := strings.Repeat("my card number is 4111 1111 1111 1111 ", 200)
	err := checkText(secret)
	wantErr(t, err, ErrInvalidText, "characters, max 4096", "long text")
	if err != nil && strings.Contains(err.Error(), "4111") {
		t.Errorf("error repeats the text: %q", err)
	}
}

func TestClip(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", `""`},
		{"short", `"short"`},
		{strings.Repeat("я", 40), `"` + strings.Repeat("я", 40) + `"`},
		{strings.Repeat("я", 41), `"` + strings.Repeat("я", 40) + `"…`},
		{"a\nb", `"a\nb"`},
	}
	for _, tc := range cases {
		if got := clip(tc.in); got != tc.want {
			t.Errorf("clip(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
