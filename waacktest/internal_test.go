package waacktest

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWamidLooksLikeMetas(t *testing.T) {
	id := wamid("16467043595", true, 7)
	require.True(t, strings.HasPrefix(id, "wamid."))
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(id, "wamid."))
	require.NoError(t, err)
	assert.Equal(t, []byte{0x1c, 0x18, 11}, raw[:3])
	assert.Equal(t, "16467043595", string(raw[3:14]))
	assert.Equal(t, byte(0x12), raw[17], "inbound")
	assert.Equal(t, shortID(7), string(raw[20:40]))
	assert.NotEqual(t, id, wamid("16467043595", false, 7))
	assert.Regexp(t, `^3EB0[0-9A-F]{16}$`, shortID(1))
	assert.NotEqual(t, shortID(1), shortID(2))
	assert.Equal(t, "true_16505551234@c.us_"+shortID(3), serialized(true, "16505551234", 3))
	assert.Len(t, traceID(1), 23)
}

func TestMetaEscape(t *testing.T) {
	in := encodeJSON(map[string]string{"t": "äöå 😀 a/b <\\/>"})
	out := metaEscape(in)
	assert.Equal(t, `{"t":"\u00e4\u00f6\u00e5 \ud83d\ude00 a\/b <\\\/>"}`, string(out))
	var back map[string]string
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, "äöå 😀 a/b <\\/>", back["t"])
}

func TestPhoneDigits(t *testing.T) {
	for in, want := range map[string]string{"+1 (650) 555-1234": "16505551234", "44.7441.429009": "447441429009"} {
		got, ok := phoneDigits(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got)
	}
	for _, in := range []string{"", "1234567", "1234567890123456", "++16505551234", "1650555123x", "0044 7441 429009 1234"} {
		_, ok := phoneDigits(in)
		assert.False(t, ok, in)
	}
	d, ok := chatPhone("16505551234@c.us")
	assert.True(t, ok)
	assert.Equal(t, "16505551234", d)
	for _, in := range []string{"16505551234", "1650 5551234@c.us", "120363@g.us", "+16505551234@c.us"} {
		_, ok := chatPhone(in)
		assert.False(t, ok, in)
	}
}

func TestValidEmoji(t *testing.T) {
	for _, e := range []string{"👍", "❤️", "1️⃣", "🇧🇷", "👍🏽", "👨‍👩‍👧", "😀"} {
		assert.True(t, validEmoji(e), e)
	}
	for _, e := range []string{"", "a", "ok", "👍👍", " ", "\u200b\u200b", "\xff", strings.Repeat("👍", 20)} {
		assert.False(t, validEmoji(e), e)
	}
}

func TestRedactJSON(t *testing.T) {
	out, ok := redactJSON([]byte(` {"a":1, "token" : "x\"y", "n":{"access_token":"nested stays"}, "access_token":null} `))
	require.True(t, ok)
	assert.Equal(t, ` {"a":1, "token":"REDACTED", "n":{"access_token":"nested stays"}, "access_token":"REDACTED"} `, string(out))
	for _, bad := range []string{`[]`, `{"a":`, `{"a":1}{`, `{"a":1}{"token":"x"}`, ``} {
		_, ok := redactJSON([]byte(bad))
		assert.False(t, ok, bad)
	}
}
