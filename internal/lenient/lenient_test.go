package lenient

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack/internal/wire"
)

func TestDecodeKeepsWhatFits(t *testing.T) {
	var v struct {
		A string `json:"a"`
		B int    `json:"b"`
		C string `json:"c"`
	}
	assert.True(t, Decode([]byte(`{"a":1,"b":2,"c":"x","d":[]}`), &v))
	assert.Equal(t, "", v.A)
	assert.Equal(t, 2, v.B)
	assert.Equal(t, "x", v.C)
	assert.True(t, Decode([]byte(`[1]`), &v), "JSON of another shape is still JSON")
	assert.False(t, Decode([]byte(`{"a":`), &v))
	assert.False(t, Decode([]byte(`<html>`), &v))
	assert.False(t, Decode(nil, &v))
}

func TestPresent(t *testing.T) {
	for _, raw := range []string{"", "null", "false", `""`} {
		assert.False(t, Present(json.RawMessage(raw)), raw)
	}
	for _, raw := range []string{"true", "0", `"x"`, "{}", "[]"} {
		assert.True(t, Present(json.RawMessage(raw)), raw)
	}
}

func TestBool(t *testing.T) {
	assert.Equal(t, true, *Bool(json.RawMessage("true")))
	assert.Equal(t, false, *Bool(json.RawMessage("false")))
	for _, raw := range []string{"", "null", `"false"`, "0"} {
		assert.Nil(t, Bool(json.RawMessage(raw)), raw)
	}
}

func TestCode(t *testing.T) {
	cases := []struct {
		raws   []string
		code   int
		symbol string
	}{
		{[]string{"131047"}, 131047, ""},
		{[]string{`"100"`}, 100, ""},
		{[]string{`"quota_reached"`}, 0, "quota_reached"},
		{[]string{"", "null", `""`, "0", "7"}, 7, ""},
		{[]string{"1.5", "{}", `"x"`}, 0, "x"},
		{[]string{"true"}, 0, ""},
		{nil, 0, ""},
	}
	for _, tc := range cases {
		var raws []json.RawMessage
		for _, r := range tc.raws {
			raws = append(raws, json.RawMessage(r))
		}
		code, symbol := Code(raws...)
		assert.Equal(t, tc.code, code, "%v", tc.raws)
		assert.Equal(t, tc.symbol, symbol, "%v", tc.raws)
	}
}

func TestStringFirstFirstExcept(t *testing.T) {
	assert.Equal(t, "x", String(json.RawMessage(`"x"`)))
	assert.Equal(t, "", String(json.RawMessage(`1`)))
	assert.Equal(t, "b", First("", "b", "c"))
	assert.Equal(t, "", First())
	assert.Equal(t, "c", FirstExcept("b", "", "b", "c"))
	assert.Equal(t, "", FirstExcept("b", "b"))
}

func TestClip(t *testing.T) {
	assert.Equal(t, "a b c", Clip("a\r\n\tb\x00  c", 100))
	assert.Equal(t, "ab…", Clip("abé", 3), "a cut never splits a rune")
	assert.Equal(t, "a b", Clip("a\xffb", 100), "invalid UTF-8 becomes a space")
	assert.Equal(t, "", Clip(" \n ", 10))
	long := Clip(strings.Repeat("é", 10*SnippetCap), SnippetCap)
	assert.LessOrEqual(t, len(long), SnippetCap+len("…"))
}

func TestUnrecognised(t *testing.T) {
	f := Unrecognised("no envelope", []byte("<html>\n502\n</html>"))
	assert.Equal(t, "no envelope: <html> 502 </html>", f.Message)
	assert.False(t, f.Recognised)
	assert.Equal(t, "no envelope: empty body", Unrecognised("no envelope", nil).Message)
}

func TestClipFields(t *testing.T) {
	long := strings.Repeat("y", 2*FieldCap)
	f := ClipFields(&wire.Failure{Type: long, Title: "a\nb", Message: long, Details: long, TraceID: long, Code: 7})
	want := strings.Repeat("y", FieldCap) + "…"
	assert.Equal(t, wire.Failure{Type: want, Title: "a b", Message: want, Details: want, TraceID: want, Code: 7}, *f)
}
