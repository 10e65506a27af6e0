package onemsg

import (
	"encoding/json"

	"github.com/waack/waack/internal/cloudapi"
	"github.com/waack/waack/internal/flex"
)

// push is a 1MSG webhook body: {instanceId, messages[]} for messages,
// {instanceId, ack[]} for delivery statuses, or, with rawHooks on, Meta's
// own {entry[...], instanceId}. InstanceID is not authentication.
//
// https://docs.1msg.io/
type push struct {
	InstanceID flex.String      `json:"instanceId"`
	Messages   []message        `json:"messages"`
	Ack        []ack            `json:"ack"`
	Entry      []cloudapi.Entry `json:"entry"`
}

// message is a Chat-API-style message. For media, Body is a temporary URL
// and Caption the text. Reactions are messages of Type "reaction"
// (UNVERIFIED mapping: Body the emoji, QuotedMsgID the target).
type message struct {
	ID             flex.String `json:"id"`
	Type           string      `json:"type"`
	Body           flex.String `json:"body"`
	Caption        flex.String `json:"caption"`
	Time           flex.Number `json:"time"` // Unix seconds, string or number
	ChatID         flex.String `json:"chatId"`
	Author         flex.String `json:"author"`
	AuthorBsuid    flex.String `json:"authorBsuid"`
	AuthorUserName flex.String `json:"authorUserName"`
	FromMe         flex.Bool   `json:"fromMe"`
	SenderName     flex.String `json:"senderName"`
	ChatName       flex.String `json:"chatName"`
	QuotedMsgID    flex.String `json:"quotedMsgId"`
}

// ack is a delivery status. Status is sent, delivered, read, failed
// (legacy "viewed" = read); Error explains a failure in words.
type ack struct {
	ID     flex.String `json:"id"`
	Status string      `json:"status"`
	ChatID flex.String `json:"chatId"`
	Phone  flex.String `json:"phone"`
	Bsuid  flex.String `json:"bsuid"`
	Time   flex.Number `json:"time"`
	Error  ackError    `json:"error"`
}

// ackError is a failed ack's error: usually human text ("User's number is
// part of an experiment"), possibly a Meta error object passed through.
type ackError struct {
	Code      flex.Number `json:"code"`
	Title     string      `json:"title"`
	Message   string      `json:"message"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
	UserMessage string `json:"error_user_msg"`
}

// UnmarshalJSON implements json.Unmarshaler: a string is the message; an
// object is Meta's error object; anything else is no error.
func (e *ackError) UnmarshalJSON(b []byte) error {
	*e = ackError{}
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if json.Unmarshal(b, &s) == nil {
			e.Message = s
		}
	case len(b) > 0 && b[0] == '{':
		type plain ackError // without this method
		var p plain
		// b is valid JSON, so the only possible error is a field of another
		// type, which the decoder skipped: keep the rest.
		_ = json.Unmarshal(b, &p)
		*e = ackError(p)
	}
	return nil
}
