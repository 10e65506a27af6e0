package onemsg

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

// answer is every field the SDK reads from a 1MSG answer:
// MessageSentResponse {sent, id, message, description}, the read receipt's
// {result}, and ErrorResponse {error}. Unknown fields are ignored.
type answer struct {
	Sent        json.RawMessage `json:"sent"`
	Set         json.RawMessage `json:"set"` // POST /webhook
	ID          string          `json:"id"`
	Message     string          `json:"message"`
	Description string          `json:"description"`
	JobID       json.RawMessage `json:"jobId"`
	Error       json.RawMessage `json:"error"` // a string, or an object (Meta passthrough)
	Code        json.RawMessage `json:"code"`
}

// errorObject is "error" when it is an object: 1MSG passes Meta's error
// fields through, and some answers use error_code for the code.
type errorObject struct {
	Message   string          `json:"message"`
	Type      string          `json:"type"`
	UserTitle string          `json:"error_user_title"`
	UserMsg   string          `json:"error_user_msg"`
	Code      json.RawMessage `json:"code"`
	ErrorCode json.RawMessage `json:"error_code"`
}

// Reasons of an unrecognised answer. The pipeline treats it as ambiguous,
// since a proxy may have produced it after 1MSG accepted the message.
const (
	noAnswer  = "no 1MSG answer"
	notAnswer = "success status with a body that is not a 1MSG answer"
)

// unrecognised is the Failure for an answer that is not 1MSG's.
func unrecognised(status int, body []byte) *wire.Failure {
	if wire.IsSuccess(status) {
		return lenient.Unrecognised(notAnswer, body)
	}
	return lenient.Unrecognised(noAnswer, body)
}

// DecodeSend decodes the answer to React or SendText. 1MSG often answers
// HTTP 200 with "sent": false and a reason: that is a refusal (NotSent),
// and WindowClosed when the reason names the closed 24-hour window.
func (d *Dialect) DecodeSend(status int, body []byte) (wire.Sent, *wire.Failure) {
	var a answer
	if !lenient.Decode(body, &a) {
		return wire.Sent{}, unrecognised(status, body)
	}
	switch sent := string(a.Sent); {
	case wire.IsSuccess(status) && lenient.Present(a.Error) && (sent == "true" || a.ID != ""):
		// An id and an error at once: whether the message went out is
		// unknown.
		return wire.Sent{}, lenient.Unrecognised("success status with both a message and an error", body)
	case wire.IsSuccess(status) && sent == "true":
		// sent means "queued for sending"; the id is a wamid.
		return wire.Sent{ID: a.ID}, nil
	case sent == "false" && lenient.Present(a.JobID) && !lenient.Present(a.Error):
		// A queued send: jobId is a queue job, not a message id, and the
		// message may still go out. Only a webhook will tell.
		return wire.Sent{}, &wire.Failure{Message: "queued as a job without a message id"}
	case sent == "false":
		f := a.failure()
		f.NotSent = true
		return wire.Sent{}, f
	case lenient.Present(a.Error):
		return wire.Sent{}, a.failure()
	case wire.IsSuccess(status) && a.ID != "":
		return wire.Sent{ID: a.ID}, nil
	case wire.IsSuccess(status):
		return wire.Sent{}, lenient.Unrecognised(`success status without "sent" or "id"`, body)
	}
	return wire.Sent{}, unrecognised(status, body)
}

// DecodeRead decodes the answer to MarkRead ({"result": "success"}) and to
// the other calls that return no message: any 2xx without an error,
// "sent": false or "set": false counts, an empty body included.
func (d *Dialect) DecodeRead(status int, body []byte) *wire.Failure {
	var a answer
	switch {
	case wire.IsSuccess(status) && len(bytes.TrimSpace(body)) == 0:
		return nil
	case !lenient.Decode(body, &a):
		return unrecognised(status, body)
	case lenient.Present(a.Error) || string(a.Sent) == "false" || string(a.Set) == "false":
		return a.failure()
	case !wire.IsSuccess(status):
		return unrecognised(status, body)
	}
	return nil
}

// failure reads a refusal: the reason from the error (string or object),
// else from message and description.
func (a *answer) failure() *wire.Failure {
	var e errorObject
	errText := lenient.String(a.Error)
	if errText == "" {
		lenient.Decode(a.Error, &e)
	}
	f := &wire.Failure{Recognised: true, Title: e.UserTitle, Type: e.Type}
	f.Message = lenient.First(e.Message, errText, a.Message, a.Description)
	f.Details = lenient.FirstExcept(f.Message, e.UserMsg, a.Description, a.Message)
	var symbol string
	f.Code, symbol = lenient.Code(e.Code, e.ErrorCode, a.Code)
	f.Type = lenient.First(f.Type, symbol)
	lenient.ClipFields(f)
	f.WindowClosed = WindowClosed(f.Message + "\n" + f.Title + "\n" + f.Details)
	return f
}

// WindowClosed reports whether a 1MSG reason names the closed 24-hour
// customer service window ("Dialog window is closed", Meta's 131047
// "Re-engagement message" and its explanation). The send decoder and the
// webhook parser share it.
func WindowClosed(text string) bool {
	t := strings.ToLower(text)
	for _, s := range []string{"dialog window is closed", "131047", "re-engagement", "reengagement", "outside the allowed window"} {
		if strings.Contains(t, s) {
			return true
		}
	}
	if strings.Contains(t, "window") && (strings.Contains(t, "closed") || strings.Contains(t, "outside") || strings.Contains(t, "expired")) {
		return true
	}
	day := strings.Contains(t, "24 hour") || strings.Contains(t, "24-hour")
	return day && (strings.Contains(t, "window") || strings.Contains(t, "have passed") || strings.Contains(t, "has passed"))
}
