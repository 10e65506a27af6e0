package cloudapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/waack/waack/internal/wire"
)

// sendAnswer is what the SDK reads from a send answer. Unknown fields
// (contacts[].input, contacts[].user_id, messages[].group_id, ...) are
// ignored, so additions on Meta's side never fail a successful send.
type sendAnswer struct {
	Contacts []struct {
		WaID string `json:"wa_id"`
	} `json:"contacts"`
	Messages []struct {
		ID            string `json:"id"`
		MessageStatus string `json:"message_status"`
	} `json:"messages"`
	Error *graphError `json:"error"`
}

// readAnswer is a read receipt's answer: {"success": true}.
type readAnswer struct {
	Success json.RawMessage `json:"success"`
	Error   *graphError     `json:"error"`
}

// graphError is Graph's error envelope, the value of "error".
// https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
type graphError struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
	TraceID     string          `json:"fbtrace_id"`
	IsTransient json.RawMessage `json:"is_transient"`
	UserTitle   string          `json:"error_user_title"`
	UserMsg     string          `json:"error_user_msg"`
}

// DecodeSend decodes the answer to React or SendText. A 2xx answer succeeds
// only when it names the new message (messages[0].id); without it the
// provider's intent is unknown and the Failure says so (Recognised false).
func (d *Dialect) DecodeSend(status int, body []byte) (wire.Sent, *wire.Failure) {
	var a sendAnswer
	isJSON := decode(body, &a)
	if f := a.Error.failure(); f != nil {
		return wire.Sent{}, f
	}
	switch {
	case !wire.IsSuccess(status):
		return wire.Sent{}, unrecognised("no Graph error envelope", body)
	case !isJSON:
		return wire.Sent{}, unrecognised("success status with a body that is not JSON", body)
	case len(a.Messages) == 0 || a.Messages[0].ID == "":
		return wire.Sent{}, &wire.Failure{Message: "success status without messages[0].id"}
	}
	sent := wire.Sent{ID: a.Messages[0].ID, Status: a.Messages[0].MessageStatus}
	if len(a.Contacts) > 0 {
		sent.WaID = a.Contacts[0].WaID
	}
	return sent, nil
}

// DecodeRead decodes the answer to MarkRead. Graph answers
// {"success": true}; any 2xx that does not say "success": false counts,
// an empty body included (relays may answer 204).
func (d *Dialect) DecodeRead(status int, body []byte) *wire.Failure {
	var a readAnswer
	isJSON := decode(body, &a)
	if f := a.Error.failure(); f != nil {
		return f
	}
	switch {
	case !wire.IsSuccess(status):
		return unrecognised("no Graph error envelope", body)
	case len(bytes.TrimSpace(body)) == 0:
		return nil
	case !isJSON:
		return unrecognised("success status with a body that is not JSON", body)
	case isFalse(a.Success):
		return &wire.Failure{Message: `answer says "success": false`, Recognised: true}
	}
	return nil
}

// decode unmarshals an answer leniently: a field of an unexpected type is
// left zero instead of failing the rest. It reports whether body was JSON.
func decode(body []byte, v any) bool {
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	return err == nil || errors.As(err, &typeErr)
}

// optionalBool reads a JSON boolean; anything else (absent, null, a
// string) is no answer rather than false. Unmarshalling into *bool would
// leave a pointer to false behind a type error.
func optionalBool(raw json.RawMessage) *bool {
	v := string(raw) == "true"
	if !v && !isFalse(raw) {
		return nil
	}
	return &v
}

// isFalse reports whether raw is the JSON literal false.
func isFalse(raw json.RawMessage) bool { return string(raw) == "false" }

// failure turns the envelope into a Failure, or nil when there is no usable
// envelope (absent, or an object with neither message, type nor code).
func (e *graphError) failure() *wire.Failure {
	if e == nil || (e.Message == "" && e.Type == "" && e.Code == 0) {
		return nil
	}
	title := e.UserTitle
	if title == "" {
		title = titleOf(e.Message)
	}
	details := e.ErrorData.Details
	if details == "" {
		details = e.UserMsg
	}
	return &wire.Failure{
		Code:       e.Code,
		Subcode:    e.Subcode,
		Type:       clip(e.Type, fieldCap),
		Title:      clip(title, fieldCap),
		Message:    clip(e.Message, fieldCap),
		Details:    clip(details, fieldCap),
		TraceID:    clip(e.TraceID, fieldCap),
		Transient:  optionalBool(e.IsTransient),
		Recognised: true,
	}
}

// titleOf extracts the title from a Graph message "(#130429) Rate limit
// hit"; a message without the "(#code) " prefix has no title part.
func titleOf(message string) string {
	rest, ok := strings.CutPrefix(message, "(#")
	if !ok {
		return ""
	}
	code, title, ok := strings.Cut(rest, ") ")
	if !ok || code == "" || strings.Trim(code, "0123456789") != "" {
		return ""
	}
	return title
}

// unrecognised is the Failure for an answer without Graph's envelope: the
// pipeline treats it as ambiguous, since a proxy or load balancer may have
// produced it after Graph accepted the message.
func unrecognised(why string, body []byte) *wire.Failure {
	snippet := clip(string(body), snippetCap)
	if snippet == "" {
		return &wire.Failure{Message: why + ": empty body"}
	}
	return &wire.Failure{Message: why + ": " + snippet}
}
