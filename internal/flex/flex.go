// Package flex decodes the JSON scalars that webhook providers send in more
// than one form. The providers disagree (and their docs are unsure) about
// the JSON type of several scalars: timestamps arrive as strings or numbers,
// 1MSG's fromMe as a bool, 0/1 or "1", WAHA's ids as strings or
// {_serialized} objects. The types here decode every form seen in the
// sources and never fail: a value of a form they do not know decodes as the
// zero value, so one odd field never costs a whole batch of events.
package flex

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waack/waack/internal/wire"
)

// String is a JSON string or number, kept as text. Anything else is "".
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	*s = ""
	switch {
	case len(b) == 0:
	case b[0] == '"':
		var v string
		if json.Unmarshal(b, &v) == nil {
			*s = String(v)
		}
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*s = String(b)
	}
	return nil
}

// ID is a message id: a string (or number), or a whatsapp-web.js id
// object {"_serialized": "..."}, or an object {"id": "..."} such as WAHA's
// replyTo.
type ID string

// UnmarshalJSON implements json.Unmarshaler.
func (id *ID) UnmarshalJSON(b []byte) error {
	*id = ""
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			Serialized String `json:"_serialized"`
			ID         String `json:"id"`
		}
		_ = json.Unmarshal(b, &o) // its fields never fail to decode
		*id = ID(o.Serialized)
		if *id == "" {
			*id = ID(o.ID)
		}
		return nil
	}
	var s String
	_ = s.UnmarshalJSON(b) // never fails
	*id = ID(s)
	return nil
}

// Bool is true for JSON true, 1, "1" and "true" (any case); anything
// else is false. 1MSG's fromMe has been seen in all these forms.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	*v = Bool(s == "1" || strings.EqualFold(s, "true"))
	return nil
}

// Number is a JSON number or a string holding one ("1749416383",
// "1710481111.853"). Non-numbers, NaN and infinities decode as 0.
type Number float64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Number) UnmarshalJSON(b []byte) error {
	*n = 0
	var s String
	_ = s.UnmarshalJSON(b) // never fails
	f, err := strconv.ParseFloat(strings.TrimSpace(string(s)), 64)
	if err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		*n = Number(f)
	}
	return nil
}

// maxUnixSeconds is 9999-12-31T23:59:59Z: a larger "timestamp" is garbage,
// not a date, and is reported as the zero time.
const maxUnixSeconds = 253402300799

// seconds reads the number as Unix seconds (fractions kept to the
// millisecond, as WAHA sends them). Zero, negative or absurd values give the
// zero time.
func (n Number) Seconds() time.Time {
	f := float64(n)
	if f <= 0 || f > maxUnixSeconds {
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e3))*int64(time.Millisecond)).UTC()
}

// millis reads the number as Unix milliseconds (the Wawp/WAHA envelope).
func (n Number) Millis() time.Time { return (n / 1000).Seconds() }

// int is the number as an int when it is a whole number in the int32
// range (error codes); anything else is 0.
func (n Number) Int() int {
	f := float64(n)
	if f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
		return 0
	}
	return int(f)
}

// DecodeObject decodes a webhook body that must be a JSON object. Malformed
// JSON, another top-level value, or bytes that are not UTF-8 (which JSON
// requires, RFC 8259 §8.1, and encoding/json would silently turn into
// U+FFFD) are a wire.InputError of Kind BadPayload. A field of an
// unexpected type is skipped and the rest decoded: rejecting the body would
// make the provider redeliver the same bytes for days, never succeeding,
// and lose every other event of the batch.
func DecodeObject(provider string, body []byte, v any) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return wire.Refuse(wire.BadPayload, provider+": the body is not a JSON object")
	}
	if !utf8.Valid(body) {
		return wire.Refuse(wire.BadPayload, provider+": the body is not UTF-8")
	}
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	if err == nil || errors.As(err, &typeErr) {
		return nil
	}
	return wire.Refuse(wire.BadPayload, provider+": "+err.Error())
}
