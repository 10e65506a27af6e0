// Package wire is the contract between the root package's request pipeline
// and the per-provider dialect packages (internal/cloudapi, internal/onemsg,
// internal/wawp). A dialect turns validated input into a Request and decodes
// an answer into a Sent or a Failure; it does no I/O.
package wire

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
)

// Request is one HTTP call a dialect asks the pipeline to make.
type Request struct {
	Method string     // http.MethodPost or http.MethodPut
	Path   string     // appended to the provider's base URL; starts with "/"
	Query  url.Values // may carry credentials: never logged or put in an error
	Body   []byte     // JSON, already encoded (retries resend these exact bytes)
}

// Sent is a successful send decoded from a provider's answer.
type Sent struct {
	ID     string // provider message id
	WaID   string // Cloud API contacts[0].wa_id
	Status string // Cloud API messages[0].message_status
}

// Failure is a provider's refusal decoded from an answer body. The pipeline
// turns it into a *waack.APIError, adding provider, operation, HTTP status and
// Retry-After.
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
	// NotSent is 1MSG's HTTP 200 answer with "sent": false.
	NotSent bool
	// WindowClosed says the provider's text names a closed 24-hour window
	// (1MSG's "dialog window is closed" and its re-engagement texts).
	WindowClosed bool
	// Recognised is true when the body had the provider's error envelope. A
	// 5xx without one may have been produced after the provider accepted the
	// message, so a send that got it has an unknown outcome.
	Recognised bool
}

// Dialect builds requests for one provider and decodes its answers.
// Inputs are already validated and normalized by the root package.
type Dialect interface {
	// React builds a reaction; emoji "" removes the reaction.
	React(to, messageID, emoji string) Request
	// MarkRead builds a read receipt; chat is the sender's chat/phone (may be
	// "" where the provider does not need it); typing adds the typing indicator.
	MarkRead(messageID, chat string, typing bool) Request
	// SendText builds a session text message; replyTo may be "".
	SendText(to, body, replyTo string, previewURL bool) Request

	// DecodeSend decodes the answer to React or SendText.
	DecodeSend(status int, body []byte) (Sent, *Failure)
	// DecodeRead decodes the answer to MarkRead.
	DecodeRead(status int, body []byte) *Failure
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
