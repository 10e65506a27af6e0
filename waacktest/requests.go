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

// credentialKeys are the query and body fields that carry a credential:
// the APIs' tokens and the webhook secret of a 1MSG or Wawp webhook URL.
var credentialKeys = []string{"token", "access_token", "secret"}

// urlKeys are the top-level body fields holding URLs (1MSG's webhook
// URLs), whose credentials are redacted while the rest of the URL stays.
var urlKeys = []string{"webhookUrl"}

// Request is one API call the server received, as Requests reports it.
// Credentials are redacted: the Authorization header is not kept, and
// token, access_token and secret values in the query or a JSON or form
// body, and the credentials of the webhook URLs in a 1MSG webhook body,
// read "REDACTED".
type Request struct {
	Time       time.Time // server time (see Now) when it arrived
	Method     string
	Path       string
	Query      string // encoded, credentials redacted
	Provider   string // "cloudapi", "1msg" or "wawp"
	Op         string // "react", "unreact", "mark_read", "send_text", "set_webhook", "get_webhook", "delivery_status"; "" when unauthenticated or not recognisable
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
	for k := range q {
		if isCredentialKey(k) {
			q[k] = []string{redacted}
		}
	}
	return q.Encode()
}

// isCredentialKey matches credential fields in any letter case, since some
// receivers read query parameters case-insensitively.
func isCredentialKey(k string) bool {
	return slices.ContainsFunc(credentialKeys, func(c string) bool { return strings.EqualFold(k, c) })
}

// redactURL hides the credentials a URL carries: the values of credential
// query parameters, the user information and any fragment (never sent, so
// only a place to misplace a secret). It returns raw as is when there are
// none, and "REDACTED" when raw is not a URL at all.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redacted
	}
	changed := false
	if u.User != nil { // user:password@, or a token as the user name
		u.User, changed = url.User(redacted), true
	}
	if u.Fragment != "" {
		u.Fragment, u.RawFragment, changed = redacted, "", true
	}
	if q, err := url.ParseQuery(u.RawQuery); err != nil {
		u.RawQuery, changed = redacted, true // an unreadable query may hold anything
	} else if hasCredential(q) {
		u.RawQuery, changed = redactQuery(q), true
	}
	if !changed {
		return raw
	}
	return u.String()
}

func hasCredential(q url.Values) bool {
	for k := range q {
		if isCredentialKey(k) {
			return true
		}
	}
	return false
}

// redactURLs is redactURL for a JSON value holding one URL or an array of
// them; any other value is replaced as a whole.
func redactURLs(v json.RawMessage) []byte {
	var one string
	if json.Unmarshal(v, &one) == nil {
		return encodeJSON(redactURL(one))
	}
	var many []string
	if json.Unmarshal(v, &many) == nil {
		for i, u := range many {
			many[i] = redactURL(u)
		}
		return encodeJSON(many)
	}
	return encodeJSON(redacted)
}

// redactBody removes credentials from a request body: top-level credential
// fields of a JSON object or a form, the credentials in top-level URL
// fields (see redactURL), and any of the server's own tokens wherever they
// appear. A body that is neither JSON nor a form but names a credential
// or URL field is replaced as a whole rather than risk keeping a secret.
func (s *Server) redactBody(body []byte) []byte {
	out, ok := redactJSON(body)
	if !ok {
		out, ok = redactForm(body)
	}
	if !ok { // only a body naming a credential or URL field gets here
		return []byte("[" + redacted + ": unparsable body naming a credential field]")
	}
	for _, tok := range s.tokens() {
		if tok != "" { // a Server that never started has none
			out = bytes.ReplaceAll(out, []byte(tok), []byte(redacted))
		}
	}
	return out
}

// redactJSON rewrites the values of credential and URL fields of a JSON
// object in place, keeping every other byte as sent; ok is false when body
// is not a JSON object.
func redactJSON(body []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	type span struct {
		from, to int64
		with     []byte // the new value
	}
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
		switch {
		case isCredentialKey(key):
			spans = append(spans, span{from, dec.InputOffset(), encodeJSON(redacted)})
		case slices.Contains(urlKeys, key):
			spans = append(spans, span{from, dec.InputOffset(), redactURLs(v)})
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
		out = append(out, ':')
		out = append(out, sp.with...)
		last = sp.to
	}
	return append(out, body[last:]...), true
}

// redactForm redacts a form-encoded body that carries a credential or URL
// field.
func redactForm(body []byte) ([]byte, bool) {
	if !mentionsCredential(body) && !bytes.Contains(bytes.ToLower(body), []byte("webhookurl")) {
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
	for _, k := range urlKeys {
		for i, v := range q[k] {
			q[k][i] = redactURL(v)
		}
	}
	return []byte(redactQuery(q)), true
}

func isFieldRune(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func mentionsCredential(body []byte) bool {
	lower := bytes.ToLower(body)
	return bytes.Contains(lower, []byte("token")) || bytes.Contains(lower, []byte("secret"))
}
