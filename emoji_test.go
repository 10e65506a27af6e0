package waack

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/rivo/uniseg"
)

func TestNormalizeEmoji(t *testing.T) {
	valid := []struct{ in, want string }{
		{"👍", "👍"},
		{"😀", "😀"},
		{"\u2764\ufe0f", "\u2764\ufe0f"}, // ❤️ with VS16
		{"\u2764", "\u2764"},             // ❤ without
		{"©", "©"},
		{"👍🏽", "👍🏽"}, // skin tone
		{"👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"},           // family, ZWJ sequence
		{"🏳\ufe0f\u200d🌈", "🏳\ufe0f\u200d🌈"},             // rainbow flag
		{"🏃🏻\u200d\u2640\ufe0f", "🏃🏻\u200d\u2640\ufe0f"}, // woman running, light skin
		{"🧑🏻\u200d\u2764\ufe0f\u200d💋\u200d🧑🏼", "🧑🏻\u200d\u2764\ufe0f\u200d💋\u200d🧑🏼"},
		{"👨\u200d🦰", "👨\u200d🦰"}, // hair component
		{"🇺🇸", "🇺🇸"},
		{"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"}, // Scotland
		{"1\ufe0f\u20e3", "1\ufe0f\u20e3"}, // 1️⃣
		{"#\ufe0f\u20e3", "#\ufe0f\u20e3"},
		{"*\ufe0f\u20e3", "*\ufe0f\u20e3"},
		{"1\u20e3", "1\u20e3"},           // keycap without VS16 (unqualified)
		{"\U0001FAE9", "\U0001FAE9"},     // Unicode 16, newer than the tables
		{`\uD83D\uDE00`, "😀"},            // escape form
		{`\ud83d\ude00`, "😀"},            // lower-case hex
		{`\uD83d\uDe00`, "😀"},            // mixed case
		{`\u2764\uFE0F`, "\u2764\ufe0f"}, // BMP escapes
		{`\uD83D\uDC4D\uD83C\uDFFD`, "👍🏽"},
		{`👍\uD83C\uDFFD`, "👍🏽"}, // partly escaped
		{`\u0031\uFE0F\u20E3`, "1\ufe0f\u20e3"},
		{`\uD83C\uDDFA\uD83C\uDDF8`, "🇺🇸"},
	}
	for _, tc := range valid {
		if got, err := normalizeEmoji(tc.in); err != nil || got != tc.want {
			t.Errorf("normalizeEmoji(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}

	invalid := []struct{ in, problem string }{
		{"", "empty (use Unreact"},
		{"a", "not an emoji"},
		{"1", "not an emoji"},
		{"#", "not an emoji"},
		{"é", "not an emoji"},
		{"e\u0301", "not an emoji"},
		{"ok", "2 characters"},
		{"👍👍", "2 characters"},
		{"👍ok", "3 characters"},
		{"👍 ", "2 characters"},
		{" 👍", "2 characters"},
		{"🇺🇸🇬🇧", "2 characters"},
		{"\u200d👍", "2 characters"},
		{"🏻", "not an emoji"},       // lone skin tone
		{"\u200d", "not an emoji"},  // lone ZWJ
		{"\ufe0f", "not an emoji"},  // lone VS16
		{"🇺", "not an emoji"},       // lone regional indicator
		{"1\ufe0f", "not an emoji"}, // digit without keycap
		{"\u20e3", "not an emoji"},
		{"👍\u200d", "not an emoji"},               // trailing ZWJ
		{"👍\ufe0e", "not an emoji"},               // text presentation
		{"😀\ufe0f🏻", "not an emoji"},              // VS16 and a modifier
		{"👍\u0301", "not an emoji"},               // combining accent
		{"🏴\U000E0067\U000E0062", "not an emoji"}, // tag sequence without its end
		{"🏴\U000E007F", "not an emoji"},           // end tag alone
		{"\xff", "not valid UTF-8 at byte 0"},
		{"👍\xf0\x9f\x91", "not valid UTF-8 at byte 4"}, // truncated
		{strings.Repeat("👍", 100), "400 bytes"},
		{`\uD83D`, `high surrogate at byte 0 without its low half`},
		{`\uD83D\u0041`, `high surrogate at byte 0`},
		{`\uD83D\uD83D`, `high surrogate at byte 0`},
		{`\uDE00`, "lone low surrogate at byte 0"},
		{`👍\uDE00`, "lone low surrogate at byte 4"},
		{`\u12`, `malformed escape at byte 0`},
		{`\uZZZZ`, `malformed escape`},
		{`\x41`, `malformed escape`},
		{`\U0001F600`, `malformed escape`},
		{`\`, `malformed escape`},
		{`\\uD83D\uDE00`, `malformed escape`},
		{`\u0041`, "not an emoji"},      // decodes to "A"
		{`\u005Cu0041`, "6 characters"}, // one pass: the decoded backslash stays text
	}
	for _, tc := range invalid {
		got, err := normalizeEmoji(tc.in)
		wantErr(t, err, ErrInvalidEmoji, tc.problem, tc.in)
		if got != "" {
			t.Errorf("normalizeEmoji(%q) = %q with an error", tc.in, got)
		}
	}
}

// TestExtendedPictographicMatchesUniseg checks the table against the grapheme
// rules uniseg applies: after an emoji and a ZWJ, only an
// Extended_Pictographic rune (rule GB11) or a rune that joins anything
// (Extend, ZWJ, SpacingMark: rules GB9, GB9a) stays in the cluster.
func TestExtendedPictographicMatchesUniseg(t *testing.T) {
	oneCluster := func(s string) bool {
		_, rest, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
		return rest == ""
	}
	mismatches := 0
	for r := rune(0); r <= 0x10FFFF && mismatches < 10; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		c := string(r)
		segmenterSays := oneCluster("😀\u200d"+c) && !oneCluster("a"+c)
		if tableSays := unicode.Is(extendedPictographic, r); tableSays != segmenterSays {
			t.Errorf("U+%04X: table says %v, uniseg segments as %v", r, tableSays, segmenterSays)
			mismatches++
		}
	}
}

// emojiSeeds are the starting corpus of FuzzNormalizeEmoji.
var emojiSeeds = []string{
	"👍", "\u2764\ufe0f", "👍🏽", "👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "🇺🇸",
	"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "1\ufe0f\u20e3", "#\ufe0f\u20e3",
	`\uD83D\uDE00`, `\u2764\uFE0F`, `\uD83D`, `\uDE00`, `\u12`, `\u005Cu0041`, "", "a", "ok", "👍👍", "🏻",
	"\u200d", "\ufe0f", "🇺", "\xff", "👍\u200d",
}

func FuzzNormalizeEmoji(f *testing.F) {
	for _, s := range emojiSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := normalizeEmoji(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidEmoji) {
				t.Fatalf("normalizeEmoji(%q): error %v does not wrap ErrInvalidEmoji", s, err)
			}
			if got != "" {
				t.Fatalf("normalizeEmoji(%q) = %q with an error", s, got)
			}
			return
		}
		if n := uniseg.GraphemeClusterCount(got); n != 1 {
			t.Fatalf("normalizeEmoji(%q) = %q, %d grapheme clusters", s, got, n)
		}
		again, err := normalizeEmoji(got)
		if err != nil || again != got {
			t.Fatalf("normalizeEmoji(%q) = %q, but normalizeEmoji(%q) = %q, %v", s, got, got, again, err)
		}
	})
}
