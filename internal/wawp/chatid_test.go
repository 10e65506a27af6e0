package wawp

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestChatFromMessageID(t *testing.T) {
	cases := []struct{ id, chat string }{
		{"false_16505551234@c.us_3EB0ABC", "16505551234@c.us"},
		{"true_16505551234@c.us_4CC5EDD64BC22EBA6D639F2AF571346C", "16505551234@c.us"},
		{"false_120363@g.us_AAAA_3333@c.us", "120363@g.us"},
		{"true_11111111111@g.us_4CC5_9999@lid", "11111111111@g.us"},
		{"false_123456789@lid_AAAA", "123456789@lid"},
		{"false_11111111111@newsletter_100_AAAA", "11111111111@newsletter"},
		{"false_11111111111@newsletter_AAAA", "11111111111@newsletter"},
		{"false_11111111111@newsletter_123", "11111111111@newsletter"},
		{"false_status@broadcast_3EB0_1@c.us", "status@broadcast"},
	}
	for _, tc := range cases {
		chat, ok := ChatFromMessageID(tc.id)
		assert.True(t, ok, tc.id)
		assert.Equal(t, tc.chat, chat, tc.id)
	}
}

func TestChatFromMessageIDRejectsOtherForms(t *testing.T) {
	for _, id := range []string{
		"",
		"3EB0C767D097B7C7C030",
		"wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA=",
		"false_",
		"false_16505551234@c.us",
		"false_16505551234@c.us_",
		"false_@c.us_AAAA",
		"false_1650@_AAAA",
		"false_1650_x@c.us_AAAA",
		"False_16505551234@c.us_AAAA",
		"maybe_16505551234@c.us_AAAA",
		"false_16505551234_AAAA",
		"false_0@@_0",
	} {
		chat, ok := ChatFromMessageID(id)
		assert.False(t, ok, id)
		assert.Empty(t, chat, id)
	}
}

// The cases the webhook parser's former second parser of serialized ids
// was tested with: one parser now answers them all (false_@c.us_ABC, which
// the two used to disagree on, names no chat).
func TestChatFromMessageIDWebhookCases(t *testing.T) {
	for id, want := range map[string]string{
		"true_11111111111@c.us_4CC5":              "11111111111@c.us",
		"false_120363@g.us_AAAA_33333333333@c.us": "120363@g.us",
		"false_11111111111@newsletter_100_AAAA":   "11111111111@newsletter",
		"wamid.HBgL":                              "",
		"maybe_11111111111@c.us_X":                "",
		"true_nochat_X":                           "",
		"true_11111111111@c.us":                   "",
		"false_@c.us_ABC":                         "",
		"":                                        "",
	} {
		got, ok := ChatFromMessageID(id)
		assert.Equal(t, want, got, id)
		assert.Equal(t, want != "", ok, id)
	}
}
