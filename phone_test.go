package waack

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizePhone(t *testing.T) {
	valid := []struct{ in, want string }{
		{"+1 (650) 555-1234", "16505551234"},
		{"0044 20 7946 0958", "442079460958"},
		{"16505551234", "16505551234"},
		{"+44.20.7946.0958", "442079460958"},
		{"(+44) 20 7946 0958", "442079460958"},
		{" +7 912 345-67-89 ", "79123456789"},
		{"+49\u00a030\u202f1234567", "49301234567"},   // no-break spaces from a web page
		{"+1 650\u2013555\u20131234", "16505551234"},  // en dashes
		{"\t+1-650-555-1234\n", "16505551234"},        // surrounding white space
		{"12345678", "12345678"},                      // 8 digits, the minimum
		{"+123456789012345", "123456789012345"},       // 15 digits, the maximum
		{"00123456789012345", "123456789012345"},      // 15 after the 00 prefix
		{"16505551234@c.us", "16505551234"},           // a person's chat id
		{"16505551234@s.whatsapp.net", "16505551234"}, // a person's JID
		{" 16505551234@C.US ", "16505551234"},         // domain in any case
		{"+(1) 650.555.1234", "16505551234"},
	}
	for _, tc := range valid {
		if got, err := NormalizePhone(tc.in); err != nil || got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}

	invalid := []struct{ in, problem string }{
		{"", "no digits"},
		{"   ", "no digits"},
		{"+", "no digits"},
		{"00", "no digits"},
		{"1234567", "7 digits"},
		{"+1234567890123456", "16 digits"},
		{"0012345678901234567", "more than 15 digits"},
		{"+1 650 CALL NOW", "unexpected 'C' at byte 7"},
		{"16505551234x", "unexpected 'x' at byte 11"},
		{"+1 650 555 1234 ext. 5", "unexpected 'e'"},
		{"1+6505551234", "'+' at byte 1"},
		{"++16505551234", "'+' at byte 1"},
		{"+1/650/555/1234", "unexpected '/'"},
		{"06 12 34 56 78", "starts with 0"},                                // national format, no country code
		{"+0044 20 7946 0958", "starts with 0"},                            // both prefixes
		{"000 44 20 7946 0958", "starts with 0"},                           // 00 then a 0
		{"\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "unexpected"}, // full-width digits
		{"\xff16505551234", "unexpected"},
		{"16505551234@g.us", "only @c.us and @s.whatsapp.net"}, // a group is no phone
		{"16505551234@lid", "only @c.us and @s.whatsapp.net"},
		{"+1 650 555 1234@c.us", "digits of an international number"}, // ids are never formatted
		{"@c.us", "digits of an international number"},
		{"0612345678@c.us", "digits of an international number"},
		{"1650@c.us", "digits of an international number"},
		{"16505551234@c.us@c.us", "only @c.us and @s.whatsapp.net"},
	}
	for _, tc := range invalid {
		got, err := NormalizePhone(tc.in)
		wantErr(t, err, ErrInvalidPhone, tc.problem, tc.in)
		if got != "" {
			t.Errorf("NormalizePhone(%q) = %q with an error", tc.in, got)
		}
	}
}

func TestNormalizePhoneErrorIsShort(t *testing.T) {
	long := "+1 650 555 1234 " + strings.Repeat("please call me back ", 50)
	_, err := NormalizePhone(long)
	wantErr(t, err, ErrInvalidPhone, `"+1 650 555 1234 please call me back plea"…`, long)
	if err != nil && len(err.Error()) > 150 {
		t.Errorf("error repeats too much input: %q", err)
	}
}

func TestChatID(t *testing.T) {
	valid := []struct{ in, want string }{
		{"+1 (650) 555-1234", "16505551234@c.us"},
		{"0044 20 7946 0958", "442079460958@c.us"},
		{"16505551234", "16505551234@c.us"},
		{"16505551234@c.us", "16505551234@c.us"},
		{"16505551234@s.whatsapp.net", "16505551234@c.us"},
		{"16505551234@C.us", "16505551234@c.us"},
		{"120363041234567890@g.us", "120363041234567890@g.us"},
		{"16505551234-1600000000@g.us", "16505551234-1600000000@g.us"}, // old group id
		{"123456789012345@lid", "123456789012345@lid"},
		{"US.13491208655302741918@lid", "US.13491208655302741918@lid"}, // 1MSG BSUID, case kept
		{"120363041234567890@newsletter", "120363041234567890@newsletter"},
		{" 120363041234567890@G.US\n", "120363041234567890@g.us"},
	}
	for _, tc := range valid {
		if got, err := ChatID(tc.in); err != nil || got != tc.want {
			t.Errorf("ChatID(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}

	invalid := []struct{ in, problem string }{
		{"", "no digits"},
		{"hello", "unexpected 'h'"},
		{"1234567", "7 digits"},
		{"@g.us", "nothing before @"},
		{"@lid", "nothing before @"},
		{"1203 6304@g.us", "unexpected ' ' at byte 4"},
		{"12036304/../x@g.us", "unexpected '/'"},
		{`12036304\x@newsletter`, `unexpected '\\'`},
		{"1203\x006304@g.us", "unexpected '\\x00'"},
		{"\xff@lid", "not valid UTF-8"},
		{strings.Repeat("1", 129) + "@g.us", "129 bytes before @, max 128"},
		{"status@broadcast", "not a phone or an id"},
		{"alexey@username", "not a phone or an id"},
		{"16505551234@", "not a phone or an id"},
		{"a@b@g.us", "not a phone or an id"},
		{"abc@c.us", "digits of an international number"},
		{"0650@c.us", "digits of an international number"},
	}
	for _, tc := range invalid {
		got, err := ChatID(tc.in)
		wantErr(t, err, ErrInvalidPhone, tc.problem, tc.in)
		if got != "" {
			t.Errorf("ChatID(%q) = %q with an error", tc.in, got)
		}
	}
}

func TestChatKey(t *testing.T) {
	same := []string{"+1 650-555-1234", "16505551234", "16505551234@c.us", "16505551234@s.whatsapp.net", "001 (650) 555 1234"}
	for _, s := range same {
		if got := chatKey(s); got != "16505551234" {
			t.Errorf("chatKey(%q) = %q, want 16505551234", s, got)
		}
	}
	others := []struct{ in, want string }{
		{"120363041234567890@G.US", "120363041234567890@g.us"},
		{" US.1349@lid ", "us.1349@lid"},
		{"16505551234@lid", "16505551234@lid"}, // a LID is not a phone
		{"", ""},
	}
	for _, tc := range others {
		if got := chatKey(tc.in); got != tc.want {
			t.Errorf("chatKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// phoneSeeds are shared by the fuzz targets of phones and chat ids.
var phoneSeeds = []string{
	"+1 (650) 555-1234", "0044 20 7946 0958", "16505551234@c.us", "16505551234@s.whatsapp.net",
	"120363041234567890@g.us", "123@lid", "1@newsletter", "", "+", "00", "+00", "000123456789",
	"06 12 34 56 78", "1+2", "\xff", "+1\u00a0650\u2013555", "a@b@c.us", "status@broadcast",
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range phoneSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizePhone(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidPhone) {
				t.Fatalf("NormalizePhone(%q): error %v does not wrap ErrInvalidPhone", s, err)
			}
			if got != "" {
				t.Fatalf("NormalizePhone(%q) = %q with an error", s, got)
			}
			return
		}
		if len(got) < minPhoneDigits || len(got) > maxPhoneDigits || strings.Trim(got, "0123456789") != "" || got[0] == '0' {
			t.Fatalf("NormalizePhone(%q) = %q, not 8–15 digits without a leading 0", s, got)
		}
		again, err := NormalizePhone(got)
		if err != nil || again != got {
			t.Fatalf("NormalizePhone(%q) = %q, but NormalizePhone(%q) = %q, %v", s, got, got, again, err)
		}
		if chatKey(s) != got {
			t.Fatalf("chatKey(%q) = %q, want %q", s, chatKey(s), got)
		}
	})
}

func FuzzChatID(f *testing.F) {
	for _, s := range phoneSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ChatID(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidPhone) {
				t.Fatalf("ChatID(%q): error %v does not wrap ErrInvalidPhone", s, err)
			}
			if got != "" {
				t.Fatalf("ChatID(%q) = %q with an error", s, got)
			}
			return
		}
		local, domain, ok := strings.Cut(got, "@")
		if !ok || local == "" || !utf8.ValidString(got) || strings.ContainsAny(got, " \t\r\n/\\") {
			t.Fatalf("ChatID(%q) = %q, not a clean chat id", s, got)
		}
		switch domain {
		case "c.us":
			if p, err := NormalizePhone(local); err != nil || p != local {
				t.Fatalf("ChatID(%q) = %q: the part before @c.us is no normalized phone", s, got)
			}
		case "g.us", "lid", "newsletter":
		default:
			t.Fatalf("ChatID(%q) = %q: unexpected domain", s, got)
		}
		again, err := ChatID(got)
		if err != nil || again != got {
			t.Fatalf("ChatID(%q) = %q, but ChatID(%q) = %q, %v", s, got, got, again, err)
		}
	})
}
