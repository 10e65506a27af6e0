package waacktest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
)

// logLimit bounds the request and delivery logs of a long-running sandbox;
// the oldest entries go first.
const logLimit = 10000

// redacted replaces every credential this package stores or exports.
const redacted = "REDACTED"

// credentialKeys are the query and body fields that carry a credential.
var credentialKeys = []string{"token", "access_token"}

// Request is one API call the server received, as Requests reports it.
// Credentials are redacted: the Authorization header is not kept, and
// token and access_token values in the query or a JSON or form body read
// "REDACTED".
type Request struct {
	Time       time.Time // server time (see Now) when it arrived
	Method     string
	Path       string
	Query      string // encoded, credentials redacted
	Provider   string // "cloudapi", "1msg" or "wawp"
	Op         string // "react", "unreact", "mark_read", "send_text"; "" when unauthenticated or not recognisable
	StatusCode int    // 0 when the connection was dropped or the client left before the answer
	Body       []byte // the raw body, credentials redacted
	Fault      string // the injected fault's name (Fault.String), "" for none
}

// Requests returns a copy of the API calls received so far, oldest first
// (the last 10000).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = appendBounded(s.requests, r)
	s.changedLocked()
}

func appendBounded[T any](list []T, v T) []T {
	if len(list) >= logLimit {
		list = slices.Delete(list, 0, len(list)-logLimit+1)
	}
	return append(list, v)
}

func redactQuery(q url.Values) string {
	for _, k := range credentialKeys {
		if _, ok := q[k]; ok {
			q.Set(k, redacted)
		}
	}
	return q.Encode()
}

// redactBody removes credentials from a request body: top-level token and
// access_token fields of a JSON object or a form, and any of the server's
// own tokens wherever they appear. A body that is neither but mentions a
// credential field is replaced as a whole rather than risk keeping a token.
func (s *Server) redactBody(body []byte) []byte {
	out, ok := redactJSON(body)
	if !ok {
		out, ok = redactForm(body)
	}
	if !ok && mentionsCredential(body) {
		return []byte("[" + redacted + ": unparsable body naming a credential field]")
	}
	for _, tok := range s.tokens() {
		out = bytes.ReplaceAll(out, []byte(tok), []byte(redacted))
	}
	return out
}

// redactJSON rewrites the values of credential fields of a JSON object in
// place, keeping every other byte as sent; ok is false when body is not a
// JSON object.
func redactJSON(body []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	type span struct{ from, to int64 }
	var spans []span
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := tok.(string)
		from := dec.InputOffset() // just after the key; the value span includes the colon
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		if slices.Contains(credentialKeys, key) {
			spans = append(spans, span{from, dec.InputOffset()})
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF { // nothing may follow it
		return nil, false
	}
	out := make([]byte, 0, len(body))
	last := int64(0)
	for _, sp := range spans {
		out = append(out, body[last:sp.from]...)
		out = append(out, `:"`+redacted+`"`...)
		last = sp.to
	}
	return append(out, body[last:]...), true
}

// redactForm redacts a form-encoded body that carries a credential field.
func redactForm(body []byte) ([]byte, bool) {
	if !mentionsCredential(body) {
		return bytes.Clone(body), true
	}
	q, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, false
	}
	// A mangled JSON body also "parses" as a form, with the whole text as
	// a key: only plain field names make it a form.
	for k := range q {
		if k == "" || strings.TrimFunc(k, isFieldRune) != "" {
			return nil, false
		}
	}
	return []byte(redactQuery(q)), true
}

func isFieldRune(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func mentionsCredential(body []byte) bool {
	return bytes.Contains(body, []byte("token"))
}
