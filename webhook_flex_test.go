package waack

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFlexScalars(t *testing.T) {
	var v struct {
		S flexString `json:"s"`
		I flexID     `json:"i"`
		B flexBool   `json:"b"`
		N flexNumber `json:"n"`
	}
	tests := []struct {
		in string
		s  flexString
		i  flexID
		b  flexBool
		n  flexNumber
	}{
		{`{"s":"x","i":"id","b":true,"n":1.5}`, "x", "id", true, 1.5},
		{`{"s":123,"i":456,"b":1,"n":"1749416383"}`, "123", "456", true, 1749416383},
		{`{"s":null,"i":null,"b":"1","n":null}`, "", "", true, 0},
		{`{"s":true,"i":{"_serialized":"false_1@c.us_A","id":"A"},"b":"TRUE","n":" 7 "}`, "", "false_1@c.us_A", true, 7},
		{`{"s":{},"i":{"id":"plain"},"b":"true","n":"NaN"}`, "", "plain", true, 0},
		{`{"s":[],"i":{"id":{"x":1}},"b":0,"n":"Inf"}`, "", "", false, 0},
		{`{"s":"","i":[],"b":"0","n":"abc"}`, "", "", false, 0},
		{`{"s":-1,"i":true,"b":"false","n":{}}`, "-1", "", false, 0},
		{`{"s":"","i":"","b":"yes","n":0}`, "", "", false, 0},
	}
	for _, tt := range tests {
		v.S, v.I, v.B, v.N = "junk", "junk", true, 99 // every field must be overwritten
		require.NoError(t, json.Unmarshal([]byte(tt.in), &v), tt.in)
		assert.Equal(t, tt.s, v.S, tt.in)
		assert.Equal(t, tt.i, v.I, tt.in)
		assert.Equal(t, tt.b, v.B, tt.in)
		assert.Equal(t, tt.n, v.N, tt.in)
	}
}

func TestFlexNumberTimes(t *testing.T) {
	assert.Equal(t, time.Unix(1749416383, 0).UTC(), flexNumber(1749416383).seconds())
	assert.Equal(t, time.Unix(1710481111, 853e6).UTC(), flexNumber(1710481111.853).seconds())
	assert.Equal(t, time.Unix(1741249702, 485e6).UTC(), flexNumber(1741249702485).millis())
	assert.Equal(t, time.UTC, flexNumber(1).seconds().Location())
	for _, n := range []flexNumber{0, -5, maxUnixSeconds + 1, 1e300} {
		assert.True(t, n.seconds().IsZero(), "%v", n)
	}
}

func TestFlexNumberInt(t *testing.T) {
	for n, want := range map[flexNumber]int{131047: 131047, -1: -1, 0: 0, 1.5: 0, 1e12: 0, -1e12: 0} {
		assert.Equal(t, want, n.int(), "%v", n)
	}
}

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
		assert.Equal(t, want, phoneOfChat(chat), chat)
	}
	for id, want := range map[string]string{
		"true_11111111111@c.us_4CC5":              "11111111111@c.us",
		"false_120363@g.us_AAAA_33333333333@c.us": "120363@g.us",
		"false_11111111111@newsletter_100_AAAA":   "11111111111@newsletter",
		"wamid.HBgL":                              "",
		"maybe_11111111111@c.us_X":                "",
		"true_nochat_X":                           "",
		"true_11111111111@c.us":                   "",
		"":                                        "",
	} {
		assert.Equal(t, want, chatOfSerialized(id), id)
	}
	assert.Equal(t, "16505551234", personOrChat("16505551234@c.us"))
	assert.Equal(t, "1203@g.us", personOrChat("1203@g.us"))
}
