// Package wire is the contract between the root package and the dialect
// packages (internal/cloudapi, internal/onemsg, internal/wawp). The root
// package validates input, runs the one request pipeline and the webhook
// handler; a dialect says what its provider means: what an address becomes
// on its wire, the requests it builds, how its answers and error codes read,
// what its webhooks look like and how they are authenticated. A dialect does
// no I/O.
package wire

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
)

// Request is one HTTP call a dialect asks the pipeline to make.
type Request struct {
	Method string     // http.MethodPost, http.MethodPut or http.MethodGet
	Path   string     // appended to the provider's base URL; starts with "/"
	Query  url.Values // may carry credentials: never logged or put in an error
	Body   []byte     // JSON, already encoded (retries resend these exact bytes); nil for none
}

// Sent is a successful send decoded from a provider's answer.
type Sent struct {
	ID     string // provider message id
	WaID   string // Cloud API contacts[0].wa_id
	UserID string // Cloud API contacts[0].user_id (a business-scoped user id)
	Status string // Cloud API messages[0].message_status
}

// Failure is a provider's refusal decoded from an answer body, or an error a
// webhook reported. The root package turns it into a *waack.APIError, adding
// provider, operation, HTTP status and Retry-After.
type Failure struct {
	Code    int
	Subcode int
	Type    string
	Title   string
	Message string
	Details string
	TraceID string

	// Transient is Graph's is_transient hint, when the answer carried one.
	Transient *bool
	// NotSent says the answer explicitly states the message was not sent
	// (1MSG's HTTP 200 with "sent": false).
	NotSent bool
	// WindowClosed says the provider's text names a closed 24-hour window
	// (1MSG's "dialog window is closed" and its re-engagement texts).
	WindowClosed bool
	// Recognised is true when the body had the provider's error envelope. A
	// 5xx without one may have been produced after the provider accepted the
	// message, so a send that got it has an unknown outcome.
	Recognised bool
}

// Header is a header the pipeline sets on every request of a dialect (the
// Cloud API bearer token). Its value is a secret.
type Header struct {
	Name, Value string
}

// IsSuccess reports whether an HTTP status is 2xx.
func IsSuccess(status int) bool {
	return status >= http.StatusOK && status < http.StatusMultipleChoices
}

// JSON encodes v the way every dialect sends it: no HTML escaping (message
// text keeps its <, > and & as written) and no trailing newline.
func JSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Dialects encode their own plain structs of strings and bools.
		panic("wire: cannot encode request body: " + err.Error())
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
