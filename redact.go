package waack

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

// redacted replaces a credential wherever the client prints or keeps text
// from a provider.
const redacted = "[REDACTED]"

// redactor builds the replacer of a client's credentials, and the forms in
// which an answer body may echo them: as sent, query-escaped (1MSG prints
// its URL back), and JSON-escaped (a body that quotes the request).
func redactor(secrets []string) (*strings.Replacer, [][]byte) {
	var pairs []string
	var forms [][]byte
	for _, s := range secrets {
		for _, form := range secretForms(s) {
			pairs = append(pairs, form, redacted)
			forms = append(forms, []byte(form))
		}
	}
	return strings.NewReplacer(pairs...), forms
}

// secretForms are the distinct encodings of s an answer may carry.
func secretForms(s string) []string {
	forms := []string{s}
	add := func(f string) {
		for _, have := range forms {
			if have == f {
				return
			}
		}
		forms = append(forms, f)
	}
	add(url.QueryEscape(s))
	add(url.PathEscape(s))
	if q, err := json.Marshal(s); err == nil {
		add(string(q[1 : len(q)-1]))
	}
	add(strings.ReplaceAll(s, "/", `\/`))
	return forms
}

// leaks reports whether an answer body carries one of the credentials, in
// any form it may take there.
func (c *Client) leaks(body []byte) bool {
	for _, f := range c.secretForms {
		if bytes.Contains(body, f) {
			return true
		}
	}
	return false
}
