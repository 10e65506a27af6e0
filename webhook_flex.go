package waack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The providers disagree (and their docs are unsure) about the JSON type of
// several scalars: timestamps arrive as strings or numbers, 1MSG's fromMe as
// a bool, 0/1 or "1", WAHA's ids as strings or {_serialized} objects. The
// types below decode every form seen in the sources and never fail: a value
// of a form they do not know decodes as the zero value, so one odd field
// never costs a whole batch of events.

// flexString is a JSON string or number, kept as text. Anything else is "".
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *flexString) UnmarshalJSON(b []byte) error {
	*s = ""
	switch {
	case len(b) == 0:
	case b[0] == '"':
		var v string
		if json.Unmarshal(b, &v) == nil {
			*s = flexString(v)
		}
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*s = flexString(b)
	}
	return nil
}

// flexID is a message id: a string (or number), or a whatsapp-web.js id
// object {"_serialized": "..."}, or an object {"id": "..."} such as WAHA's
// replyTo.
type flexID string

// UnmarshalJSON implements json.Unmarshaler.
func (id *flexID) UnmarshalJSON(b []byte) error {
	*id = ""
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			Serialized flexString `json:"_serialized"`
			ID         flexString `json:"id"`
		}
		_ = json.Unmarshal(b, &o) // its fields never fail to decode
		*id = flexID(o.Serialized)
		if *id == "" {
			*id = flexID(o.ID)
		}
		return nil
	}
	var s flexString
	_ = s.UnmarshalJSON(b) // never fails
	*id = flexID(s)
	return nil
}

// flexBool is true for JSON true, 1, "1" and "true" (any case); anything
// else is false. 1MSG's fromMe has been seen in all these forms.
type flexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *flexBool) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	*v = flexBool(s == "1" || strings.EqualFold(s, "true"))
	return nil
}

// flexNumber is a JSON number or a string holding one ("1749416383",
// "1710481111.853"). Non-numbers, NaN and infinities decode as 0.
type flexNumber float64

// UnmarshalJSON implements json.Unmarshaler.
func (n *flexNumber) UnmarshalJSON(b []byte) error {
	*n = 0
	var s flexString
	_ = s.UnmarshalJSON(b) // never fails
	f, err := strconv.ParseFloat(strings.TrimSpace(string(s)), 64)
	if err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		*n = flexNumber(f)
	}
	return nil
}

// maxUnixSeconds is 9999-12-31T23:59:59Z: a larger "timestamp" is garbage,
// not a date, and is reported as the zero time.
const maxUnixSeconds = 253402300799

// seconds reads the number as Unix seconds (fractions kept to the
// millisecond, as WAHA sends them). Zero, negative or absurd values give the
// zero time.
func (n flexNumber) seconds() time.Time {
	f := float64(n)
	if f <= 0 || f > maxUnixSeconds {
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e3))*int64(time.Millisecond)).UTC()
}

// millis reads the number as Unix milliseconds (the Wawp/WAHA envelope).
func (n flexNumber) millis() time.Time { return (n / 1000).seconds() }

// int is the number as an int when it is a whole number in the int32
// range (error codes); anything else is 0.
func (n flexNumber) int() int {
	f := float64(n)
	if f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
		return 0
	}
	return int(f)
}

// decodeObject decodes a webhook body that must be a JSON object. Malformed
// JSON, another top-level value, or bytes that are not UTF-8 (which JSON
// requires, RFC 8259 §8.1, and encoding/json would silently turn into
// U+FFFD) are ErrBadPayload. A field of an
// unexpected type is skipped and the rest decoded: rejecting the body would
// make the provider redeliver the same bytes for days, never succeeding,
// and lose every other event of the batch.
func decodeObject(provider string, body []byte, v any) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return fmt.Errorf("%w: %s: the body is not a JSON object", ErrBadPayload, provider)
	}
	if !utf8.Valid(body) {
		return fmt.Errorf("%w: %s: the body is not UTF-8", ErrBadPayload, provider)
	}
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	if err == nil || errors.As(err, &typeErr) {
		return nil
	}
	return fmt.Errorf("%w: %s: %v", ErrBadPayload, provider, err)
}
