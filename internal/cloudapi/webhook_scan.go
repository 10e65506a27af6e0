package cloudapi

import (
	"encoding/json"
	"unicode/utf8"
)

// scanner is the JSON reader of the fast status decoder (webhook_fast.go).
// It validates what it reads as strictly as encoding/json does, so that a
// body it accepts is one encoding/json accepts too; whenever it is unsure
// it reports false and the caller falls back to encoding/json.
type scanner struct {
	b []byte
	i int
}

// maxScanDepth bounds the nesting the scanner skips by recursion. Deeper
// bodies go to encoding/json, which has its own limit.
const maxScanDepth = 64

// ws skips JSON white space.
func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next is the byte after white space, 0 at the end.
func (s *scanner) next() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// eat consumes c after white space.
func (s *scanner) eat(c byte) bool {
	if s.next() == c {
		s.i++
		return true
	}
	return false
}

// str reads a string at s.i (its opening quote) and returns the bytes
// between the quotes, and whether they hold an escape. Control characters,
// bad escapes and invalid UTF-8 fail.
func (s *scanner) str() (in []byte, escaped, ok bool) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false, false
	}
	start := s.i + 1
	ascii := true
	for i := start; i < len(s.b); i++ {
		switch c := s.b[i]; {
		case c == '"':
			s.i = i + 1
			in = s.b[start:i]
			return in, escaped, ascii || utf8.Valid(in)
		case c == '\\':
			escaped = true
			i++
			if i >= len(s.b) {
				return nil, false, false
			}
			switch s.b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s.b) {
					return nil, false, false
				}
				for _, h := range s.b[i+1 : i+5] {
					if !isHex(h) {
						return nil, false, false
					}
				}
				i += 4
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		case c >= 0x80:
			ascii = false
		}
	}
	return nil, false, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// number reads a number literal at s.i by the JSON grammar.
func (s *scanner) number() bool {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		if j := digits(b, i+1); j > i+1 {
			i = j
		} else {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return false
		}
		i = j
	}
	s.i = i
	return true
}

func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

// literal reads word (true, false, null) at s.i.
func (s *scanner) literal(word string) bool {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}
	return false
}

// null consumes a null after white space.
func (s *scanner) null() bool {
	return s.next() == 'n' && s.literal("null")
}

// skip reads any value after white space, checking its syntax, and
// returns its bytes.
func (s *scanner) skip(depth int) ([]byte, bool) {
	if depth > maxScanDepth {
		return nil, false
	}
	start := s.i
	ok := false
	switch s.next() {
	case '"':
		start = s.i
		_, _, ok = s.str()
	case '{':
		start = s.i
		ok = s.object(func([]byte) bool {
			_, ok := s.skip(depth + 1)
			return ok
		})
	case '[':
		start = s.i
		ok = s.array(func() bool {
			_, ok := s.skip(depth + 1)
			return ok
		})
	case 't':
		start = s.i
		ok = s.literal("true")
	case 'f':
		start = s.i
		ok = s.literal("false")
	case 'n':
		start = s.i
		ok = s.literal("null")
	default:
		start = s.i
		ok = s.number()
	}
	return s.b[start:s.i], ok
}

// object reads an object after white space, calling member for each key
// with s.i before its value; member reads the value. A key with an escape
// or a non-ASCII byte is refused: encoding/json would match it to a field
// by unescaping and Unicode case folding, which the decoder does not
// repeat.
func (s *scanner) object(member func(key []byte) bool) bool {
	if !s.eat('{') {
		return false
	}
	if s.eat('}') {
		return true
	}
	for {
		s.ws()
		key, escaped, ok := s.str()
		if !ok || escaped || !isASCII(key) || !s.eat(':') || !member(key) {
			return false
		}
		switch s.next() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// array reads an array after white space, calling elem with s.i before
// each element; elem reads it.
func (s *scanner) array(elem func() bool) bool {
	if !s.eat('[') {
		return false
	}
	if s.eat(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		switch s.next() {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// end reports whether only white space is left.
func (s *scanner) end() bool {
	s.ws()
	return s.i == len(s.b)
}

// text reads a JSON string into a Go string field as encoding/json does:
// null leaves it unchanged (the decoder only fills zero values), anything
// but a string is refused. Strings with escapes are unquoted by
// encoding/json itself, so that invalid escapes of surrogates decode
// identically; known words are shared instead of allocated.
func (s *scanner) text(dst *string, known func([]byte) string) bool {
	switch s.next() {
	case 'n':
		return s.literal("null")
	case '"':
	default:
		return false
	}
	start := s.i
	in, escaped, ok := s.str()
	switch {
	case !ok:
		return false
	case escaped:
		return json.Unmarshal(s.b[start:s.i], dst) == nil
	}
	if known != nil {
		if w := known(in); w != "" {
			*dst = w
			return true
		}
	}
	*dst = string(in)
	return true
}

// unmarshaler reads any value and hands its bytes to u, as encoding/json
// does for a field whose type implements json.Unmarshaler.
func (s *scanner) unmarshaler(u json.Unmarshaler) bool {
	raw, ok := s.skip(0)
	return ok && u.UnmarshalJSON(raw) == nil
}
