package cloudapi

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

// Reasons of an unrecognised answer. The pipeline treats it as ambiguous,
// since a proxy or load balancer may have produced it after Graph accepted
// the message.
const (
	noEnvelope = "no Graph error envelope"
	notJSON    = "success status with a body that is not JSON"
)

// sendAnswer is what the SDK reads from a send answer. Unknown fields
// (contacts[].input, contacts[].user_id, messages[].group_id, ...) are
// ignored, so additions on Meta's side never fail a successful send.
type sendAnswer struct {
	Contacts []struct {
		WaID   string `json:"wa_id"`
		UserID string `json:"user_id"`
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
	isJSON := lenient.Decode(body, &a)
	hasID := len(a.Messages) > 0 && a.Messages[0].ID != ""
	if f := a.Error.failure(); f != nil {
		if wire.IsSuccess(status) && hasID {
			// A message id and an error at once: whether the message went
			// out is unknown.
			return wire.Sent{}, lenient.Unrecognised("success status with both messages[0].id and an error", body)
		}
		return wire.Sent{}, f
	}
	switch {
	case !wire.IsSuccess(status):
		return wire.Sent{}, lenient.Unrecognised(noEnvelope, body)
	case !isJSON:
		return wire.Sent{}, lenient.Unrecognised(notJSON, body)
	case !hasID:
		return wire.Sent{}, &wire.Failure{Message: "success status without messages[0].id"}
	}
	sent := wire.Sent{ID: a.Messages[0].ID, Status: a.Messages[0].MessageStatus}
	if len(a.Contacts) > 0 {
		sent.WaID = a.Contacts[0].WaID
		sent.UserID = a.Contacts[0].UserID
	}
	return sent, nil
}

// DecodeRead decodes the answer to MarkRead. Graph answers
// {"success": true}; any 2xx that does not say "success": false counts,
// an empty body included (relays may answer 204).
func (d *Dialect) DecodeRead(status int, body []byte) *wire.Failure {
	var a readAnswer
	isJSON := lenient.Decode(body, &a)
	if f := a.Error.failure(); f != nil {
		return f
	}
	switch {
	case !wire.IsSuccess(status):
		return lenient.Unrecognised(noEnvelope, body)
	case len(bytes.TrimSpace(body)) == 0:
		return nil
	case !isJSON:
		return lenient.Unrecognised(notJSON, body)
	case string(a.Success) == "false":
		return &wire.Failure{Message: `answer says "success": false`, Recognised: true}
	}
	return nil
}

// failure turns the envelope into a Failure, or nil when there is no usable
// envelope: absent, or saying nothing (no message, type or code once its
// text is cleaned).
func (e *graphError) failure() *wire.Failure {
	if e == nil {
		return nil
	}
	f := lenient.ClipFields(&wire.Failure{
		Code:       e.Code,
		Subcode:    e.Subcode,
		Type:       e.Type,
		Title:      lenient.First(e.UserTitle, titleOf(e.Message)),
		Message:    e.Message,
		Details:    lenient.First(e.ErrorData.Details, e.UserMsg),
		TraceID:    e.TraceID,
		Transient:  lenient.Bool(e.IsTransient),
		Recognised: true,
	})
	if f.Message == "" && f.Type == "" && f.Code == 0 {
		return nil
	}
	return f
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
