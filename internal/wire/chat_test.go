package wire

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestChatIDHelpers(t *testing.T) {
	for chat, want := range map[string]string{
		"16505551234@c.us":              "16505551234",
		"16505551234@s.whatsapp.net":    "16505551234",
		"16505551234:12@s.whatsapp.net": "16505551234",
		"16505551234":                   "16505551234",
		"120363025246125486@g.us":       "",
		"98765432109876@lid":            "",
		"123@newsletter":                "",
		"status@broadcast":              "",
		"abc@c.us":                      "",
		"@c.us":                         "",
		"":                              "",
		"+16505551234@c.us":             "",
		"123456789012345678901234@c.us": "",
	} {
		assert.Equal(t, want, PhoneOfChat(chat), chat)
	}
	assert.Equal(t, "16505551234", PersonOrChat("16505551234@c.us"))
	assert.Equal(t, "1203@g.us", PersonOrChat("1203@g.us"))
}
