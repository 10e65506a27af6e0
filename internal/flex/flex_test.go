package flex

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFlexScalars(t *testing.T) {
	var v struct {
		S String `json:"s"`
		I ID     `json:"i"`
		B Bool   `json:"b"`
		N Number `json:"n"`
	}
	tests := []struct {
		in string
		s  String
		i  ID
		b  Bool
		n  Number
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
	assert.Equal(t, time.Unix(1749416383, 0).UTC(), Number(1749416383).Seconds())
	assert.Equal(t, time.Unix(1710481111, 853e6).UTC(), Number(1710481111.853).Seconds())
	assert.Equal(t, time.Unix(1741249702, 485e6).UTC(), Number(1741249702485).Millis())
	assert.Equal(t, time.UTC, Number(1).Seconds().Location())
	for _, n := range []Number{0, -5, maxUnixSeconds + 1, 1e300} {
		assert.True(t, n.Seconds().IsZero(), "%v", n)
	}
}

func TestFlexNumberInt(t *testing.T) {
	for n, want := range map[Number]int{131047: 131047, -1: -1, 0: 0, 1.5: 0, 1e12: 0, -1e12: 0} {
		assert.Equal(t, want, n.Int(), "%v", n)
	}
}
