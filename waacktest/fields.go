package waacktest

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
)

// fields is a request body read leniently, as the Chat-API-style
// providers (1MSG, Wawp) read theirs: a JSON object or, for 1MSG, a form.
type fields map[string]json.RawMessage

// readFields decodes a JSON object body, or a form body when the content
// type says so and allowForm is set.
func readFields(r *http.Request, body []byte, allowForm bool) (fields, bool) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if allowForm && ct == "application/x-www-form-urlencoded" {
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, false
		}
		f := fields{}
		for k, v := range q {
			f[k] = encodeJSON(v[0])
		}
		return f, true
	}
	var f fields
	if err := json.Unmarshal(body, &f); err != nil || f == nil {
		return nil, false
	}
	return f, true
}

// str reads a string field; present is false when it is absent or null,
// ok is false when it has another type.
func (f fields) str(name string) (v string, present, ok bool) {
	raw, found := f[name]
	if !found || bytes.Equal(raw, []byte("null")) {
		return "", false, true
	}
	err := json.Unmarshal(raw, &v)
	return v, true, err == nil
}

// phone reads a phone field given as a string or a number.
func (f fields) phone(name string) (v string, present, ok bool) {
	if v, present, ok = f.str(name); ok || !present {
		return v, present, ok
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(f[name]))
	dec.UseNumber()
	if err := dec.Decode(&n); err != nil {
		return "", true, false
	}
	return n.String(), true, true
}

// boolean reads a flag given as a bool, 0/1, or their string forms.
func (f fields) boolean(name string) (v, ok bool) {
	raw, found := f[name]
	if !found || bytes.Equal(raw, []byte("null")) {
		return false, true
	}
	if err := json.Unmarshal(raw, &v); err == nil {
		return v, true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(raw)
	}
	v, err := strconv.ParseBool(s)
	return v, err == nil
}

// strings reads an array of strings.
func (f fields) strings(name string) (v []string, ok bool) {
	raw, found := f[name]
	if !found || bytes.Equal(raw, []byte("null")) {
		return nil, true
	}
	return v, json.Unmarshal(raw, &v) == nil
}
