package wawp

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

// answer is every field the SDK reads from a Wawp answer. Wawp documents
// none of them (UNVERIFIED): a send answers with the engine's message
// (whatsapp-web.js: id {_serialized} and _data; Baileys: key.id), an error
// with some of message, error, code and statusCode (NestJS) or with an
// exception object. Unknown fields are ignored; the request echo a NestJS
// 500 carries (credentials included) is never read.
type answer struct {
	ID   json.RawMessage `json:"id"` // a string, or {_serialized}
	Data struct {
		ID json.RawMessage `json:"id"`
	} `json:"_data"`
	Key struct {
		ID string `json:"id"`
	} `json:"key"`
	Success    json.RawMessage `json:"success"`
	Message    json.RawMessage `json:"message"` // a string, or NestJS's list of strings
	Error      json.RawMessage `json:"error"`   // a string, or an errorObject
	Code       json.RawMessage `json:"code"`    // a string such as "quota_reached", or a number
	StatusCode json.RawMessage `json:"statusCode"`
	Exception  struct {
		Message string `json:"message"`
		Name    string `json:"name"`
	} `json:"exception"`
}

// errorObject is "error" when it is an object.
type errorObject struct {
	Message string          `json:"message"`
	Code    json.RawMessage `json:"code"`
	Key     string          `json:"key"`
	Details string          `json:"details"`
}

// DecodeSend decodes the answer to React or SendText. A 2xx succeeds when
// it names the new message (id, id._serialized, _data.id._serialized or
// key.id) and carries neither an error nor "success": false. A 2xx without
// an id, or with an id and an error at once, tells nothing sure about the
// message: it is an ambiguous answer (Recognised false), as is a 2xx body
// that is not JSON at all.
func (d *Dialect) DecodeSend(status int, body []byte) (wire.Sent, *wire.Failure) {
	var a answer
	switch {
	case wire.IsSuccess(status) && len(bytes.TrimSpace(body)) == 0:
		return wire.Sent{}, lenient.Unrecognised("success status with an empty body, no message id", body)
	case !lenient.Decode(body, &a):
		return wire.Sent{}, unrecognised(status, body)
	case a.refused() && wire.IsSuccess(status) && a.messageID() != "":
		return wire.Sent{}, lenient.Unrecognised("success status with both a message id and an error", body)
	case a.refused():
		return wire.Sent{}, a.failure()
	case !wire.IsSuccess(status):
		return wire.Sent{}, a.unrecognisedOr(status, body)
	case a.messageID() == "":
		return wire.Sent{}, lenient.Unrecognised("success status without a message id", body)
	}
	return wire.Sent{ID: a.messageID()}, nil
}

// DecodeRead decodes the answer to MarkRead: any 2xx that does not carry an
// error or "success": false is success, whatever else it says (the engine
// may answer nothing at all).
func (d *Dialect) DecodeRead(status int, body []byte) *wire.Failure {
	var a answer
	isJSON := lenient.Decode(body, &a)
	switch {
	case isJSON && a.refused():
		return a.failure()
	case wire.IsSuccess(status):
		return nil
	case !isJSON:
		return unrecognised(status, body)
	}
	return a.unrecognisedOr(status, body)
}

// refused reports whether the answer says the call failed, whatever its
// HTTP status: an error field or "success": false.
func (a *answer) refused() bool {
	return lenient.Present(a.Error) || string(a.Success) == "false"
}

// unrecognisedOr reads a non-2xx answer without an error field: a code, an
// exception, or a message next to NestJS's statusCode make it a refusal; a
// bare {"message": ...} does not, since any gateway answers that.
func (a *answer) unrecognisedOr(status int, body []byte) *wire.Failure {
	if lenient.Present(a.Code) || a.Exception.Message != "" || (lenient.Present(a.Message) && lenient.Present(a.StatusCode)) {
		return a.failure()
	}
	return unrecognised(status, body)
}

// messageID reads the new message's id from the places engines put it.
func (a *answer) messageID() string {
	return lenient.First(serialized(a.ID), serialized(a.Data.ID), a.Key.ID)
}

// serialized reads an id given as a string or as {_serialized}.
func serialized(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj struct {
		Serialized string `json:"_serialized"`
	}
	lenient.Decode(raw, &obj)
	return obj.Serialized
}

// failure reads a refusal. String codes ("wawp_upstream_error",
// "quota_reached", "subscription_required") become the Type; only a
// numeric code is a Code.
func (a *answer) failure() *wire.Failure {
	var e errorObject
	errText := lenient.String(a.Error)
	if errText == "" {
		lenient.Decode(a.Error, &e)
	}
	f := &wire.Failure{Recognised: true}
	f.Code, f.Type = lenient.Code(a.Code, e.Code)
	f.Type = lenient.First(f.Type, e.Key)
	if f.Type == "" && isIdentifier(errText) {
		f.Type, errText = errText, ""
	}
	f.Message = lenient.First(messageText(a.Message), e.Message, errText, a.Exception.Message)
	// NestJS puts the status phrase ("Bad Request") in error next to the
	// message; an exception has a name ("Error", "TimeoutError").
	f.Title = lenient.FirstExcept(f.Message, errText, a.Exception.Name)
	f.Details = lenient.FirstExcept(f.Message, e.Details)
	return lenient.ClipFields(f)
}

// messageText reads "message": a string, or NestJS's validation list.
func messageText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	return ""
}

// isIdentifier reports whether s looks like an error code
// ("quota_reached") rather than a sentence.
func isIdentifier(s string) bool {
	return s != "" && len(s) <= 64 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == ""
}

// unrecognised is the Failure for an answer that is not Wawp's: the
// pipeline treats it as ambiguous, since a proxy may have produced it after
// Wawp accepted the message.
func unrecognised(status int, body []byte) *wire.Failure {
	if wire.IsSuccess(status) {
		return lenient.Unrecognised("success status with a body that is not JSON", body)
	}
	return lenient.Unrecognised("no Wawp error body", body)
}
