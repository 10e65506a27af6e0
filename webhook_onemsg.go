package waack

import (
	"strings"

	"github.com/waack/waack/internal/onemsg"
)

// ParseOneMsgWebhook turns a 1MSG webhook body into events: every item of
// messages[] and then of ack[], in order, and with rawHooks on, Meta-format
// entries parsed as by ParseCloudAPIWebhook (Provider "1msg").
//
// Messages the business sent itself (fromMe, whether from the API or the
// app) are echoes, not customer messages, and are skipped. A message of type
// "reaction" becomes a ReactionEvent with the emoji from body and the target
// from quotedMsgId (1MSG does not document this mapping; an empty body is
// taken as a removal). Acks map to StatusEvents; "viewed" is read; a failed
// ack's error text becomes Err.Message, and Err matches
// ErrSessionWindowClosed when the text says the 24-hour window is closed.
// 1MSG signs nothing: authenticate the request yourself, e.g. with
// NewWebhookHandler and a secret.
//
// https://docs.1msg.io/
func ParseOneMsgWebhook(body []byte) ([]Event, error) {
	var p oneMsgPush
	if err := decodeObject(ProviderOneMsg, body, &p); err != nil {
		return nil, err
	}
	var out []Event
	for i := range p.Messages {
		if ev := p.Messages[i].event(); ev != nil {
			out = append(out, ev)
		}
	}
	for i := range p.Ack {
		out = append(out, p.Ack[i].event())
	}
	// Raw hooks may omit the change's field name (unverified): accept it.
	return append(out, cloudEvents(ProviderOneMsg, p.Entry, true)...), nil
}

// mediaTypes are 1MSG message types whose body is a download URL, not text.
var mediaTypes = map[string]bool{
	"image": true, "video": true, "audio": true, "ptt": true, "voice": true,
	"document": true, "sticker": true,
}

// event is the MessageEvent or ReactionEvent, or nil for an echo of the
// business's own message. From is the phone of a person's chat, or of the
// author in a group.
func (m *oneMsgMessage) event() Event {
	if m.FromMe {
		return nil
	}
	chat := string(m.ChatID)
	if chat == "" {
		chat = string(m.Author)
	}
	from := phoneOfChat(chat)
	if from == "" {
		from = phoneOfChat(string(m.Author))
	}
	if m.Type == "reaction" {
		return ReactionEvent{
			Provider:  ProviderOneMsg,
			ID:        string(m.ID),
			From:      from,
			ChatID:    chat,
			MessageID: string(m.QuotedMsgID),
			Emoji:     string(m.Body),
			Removed:   m.Body == "",
			Timestamp: m.Time.seconds(),
		}
	}
	text := string(m.Caption)
	if !mediaTypes[m.Type] && m.Body != "" {
		text = string(m.Body)
	}
	name := string(m.SenderName)
	if name == "" {
		name = string(m.ChatName)
	}
	return MessageEvent{
		Provider:    ProviderOneMsg,
		ID:          string(m.ID),
		From:        from,
		ChatID:      chat,
		Type:        m.Type,
		Text:        text,
		ReplyTo:     string(m.QuotedMsgID),
		ContactName: name,
		Timestamp:   m.Time.seconds(),
	}
}

// event is the StatusEvent. The recipient is the phone, else the chat's
// phone, else the BSUID.
func (a *oneMsgAck) event() StatusEvent {
	recipient := phoneOfChat(string(a.Phone))
	if recipient == "" {
		recipient = phoneOfChat(string(a.ChatID))
	}
	if recipient == "" {
		recipient = string(a.Bsuid)
	}
	ev := StatusEvent{
		Provider:  ProviderOneMsg,
		MessageID: string(a.ID),
		Recipient: recipient,
		Status:    normalizeStatus(a.Status),
		Timestamp: a.Time.seconds(),
	}
	if e := a.Error; e.Message != "" || e.UserMessage != "" || e.Code != 0 || ev.Status == StatusFailed {
		ev.Err = e.apiError()
	}
	return ev
}

// apiError is the failure as an *APIError. 1MSG usually gives only words,
// so the window check reads them.
func (e *oneMsgError) apiError() *APIError {
	err := e.cloudAPIError.apiError(ProviderOneMsg)
	if err.Message == "" {
		err.Message = e.UserMessage
	}
	if err.Code == 0 {
		err.Code = metaCodeOfTitle[strings.ToLower(strings.TrimSpace(err.Message))]
	}
	err.windowClosed = onemsg.WindowClosed(err.Message + "\n" + err.Details)
	return err
}

// metaCodeOfTitle maps the Meta error titles 1MSG passes on as plain text
// (its acks carry words, not codes) back to their codes, so that a failed
// reaction's "Parameter value is not valid" still matches ErrTargetTooOld.
// Titles from Meta's error-code table.
var metaCodeOfTitle = map[string]int{
	"parameter value is not valid":           131009,
	"re-engagement message":                  131047,
	"message undeliverable":                  131026,
	"user's number is part of an experiment": 130472,
	"spam rate limit hit":                    131048,
	"rate limit hit":                         130429,
}
