package waacktest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://h.example/hook":                      "https://h.example/hook",
		"https://h.example/hook?z=1&a=2":              "https://h.example/hook?z=1&a=2", // untouched, order kept
		"https://h.example/hook?secret=abc&x=1":       "https://h.example/hook?secret=REDACTED&x=1",
		"https://h.example/hook?SECRET=abc":           "https://h.example/hook?SECRET=REDACTED",
		"https://h.example/?token=a&access_token=b":   "https://h.example/?access_token=REDACTED&token=REDACTED",
		"https://h.example/?secret=a&secret=b":        "https://h.example/?secret=REDACTED",
		"https://user:pw@h.example/hook":              "https://REDACTED@h.example/hook",
		"https://tok3n@h.example/hook":                "https://REDACTED@h.example/hook",
		"https://h.example/hook#secret=abc":           "https://h.example/hook#REDACTED",
		"https://h.example/hook?secret=%zz":           "https://h.example/hook?REDACTED",
		"https://h.example/hook?a=1;secret=abc":       "https://h.example/hook?REDACTED",
		"http://exa mple.com/?secret=abc":             "REDACTED",
		"/relative?secret=abc":                        "/relative?secret=REDACTED",
		"https://h.example/hook?%73ecret=abc&other=x": "https://h.example/hook?other=x&secret=REDACTED",
	} {
		assert.Equal(t, want, redactURL(in), in)
	}
}

func TestRedactWebhookBody(t *testing.T) {
	s := &Server{}
	for in, want := range map[string]string{
		`{"webhookUrl":"https://h.example/?secret=abc"}`:                   `{"webhookUrl":"https://h.example/?secret=REDACTED"}`,
		`{"webhookUrl" : ["https://a.example/?secret=abc","https://b"]}`:   `{"webhookUrl":["https://a.example/?secret=REDACTED","https://b"]}`,
		`{"a":1,"webhookUrl":{"u":"https://h.example/?secret=abc"},"b":2}`: `{"a":1,"webhookUrl":"REDACTED","b":2}`,
		`{"webhookUrl":["https://h.example/?secret=abc",1]}`:               `{"webhookUrl":"REDACTED"}`,
		`{"webhookUrl":"https://h.example/?x=\u0026"}`:                     `{"webhookUrl":"https://h.example/?x=&"}`,
		`{"secret":"abc","body":"x"}`:                                      `{"secret":"REDACTED","body":"x"}`,
		`webhookUrl=https%3A%2F%2Fh.example%2F%3Fsecret%3Dabc`:             `webhookUrl=https%3A%2F%2Fh.example%2F%3Fsecret%3DREDACTED`,
		`webhookUrl=https%3A%2F%2Fu%3Apw%40h.example%2F`:                   `webhookUrl=https%3A%2F%2FREDACTED%40h.example%2F`,
		`{"webhookUrl":"https://h.example/?secret=abc"`:                    `[REDACTED: unparsable body naming a credential field]`,
		`{"body":"no credential here"`:                                     `{"body":"no credential here"`,
	} {
		assert.Equal(t, want, string(s.redactBody([]byte(in))), in)
	}
}
