package onemsg

import (
	"strings"

	"github.com/waack/waack/internal/cloudapi"
	"github.com/waack/waack/internal/flex"
	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

// Webhooks is the 1MSG webhook dialect.
type Webhooks struct{}

var _ wire.Webhooks = Webhooks{}

// Auth: 1MSG signs nothing, so a shared secret in the registered URL (or
// header) authenticates its pushes.
func (Webhooks) Auth(s wire.Secrets) (wire.Auth, error) { return wire.SharedSecret(s, name) }

// Parse decodes a push: every item of messages[] and then of ack[], in
// order, and with rawHooks on, Meta-format entries as the Cloud API parser
// reads them. NumberID is the channel (instanceId).
//
// Messages the business sent itself (fromMe, from the API or the app) are
// echoes. A message of type "reaction" is a reaction with the emoji in body
// and the target in quotedMsgId (UNVERIFIED mapping; an empty body is taken
// as a removal). Acks are statuses; a failed ack's text is the error.
func (Webhooks) Parse(body []byte, emit func(*wire.Event)) error {
	var p push
	if err := flex.DecodeObject(name, body, &p); err != nil {
		return err
	}
	channel := string(p.InstanceID)
	var ev wire.Event
	for i := range p.Messages {
		ev.Reset()
		p.Messages[i].fill(&ev)
		ev.NumberID = channel
		emit(&ev)
	}
	for i := range p.Ack {
		ev.Reset()
		p.Ack[i].fill(&ev)
		ev.NumberID = channel
		emit(&ev)
	}
	// Raw hooks may omit the change's field name (unverified): accept it.
	cloudapi.EmitEntries(p.Entry, true, func(e *wire.Event) {
		e.NumberID = lenient.First(channel, e.NumberID)
		emit(e)
	})
	return nil
}

// mediaTypes are message types whose body is a download URL, not text.
var mediaTypes = map[string]bool{
	"image": true, "video": true, "audio": true, "ptt": true, "voice": true,
	"document": true, "sticker": true,
}

// fill reads a message, a reaction or an echo of the business's own
// message. From is the phone of a person's chat, or of the author in a
// group.
func (m *message) fill(ev *wire.Event) {
	chat := lenient.First(string(m.ChatID), string(m.Author))
	ev.ID = string(m.ID)
	ev.Timestamp = m.Time.Seconds()
	text := string(m.Caption)
	if !mediaTypes[m.Type] && m.Body != "" {
		text = string(m.Body)
	}
	if m.FromMe {
		ev.Kind = wire.KindEcho
		ev.To = wire.PersonOrChat(chat)
		ev.Type = m.Type
		ev.Text = text
		return
	}
	ev.From = lenient.First(wire.PhoneOfChat(chat), wire.PhoneOfChat(string(m.Author)))
	ev.ChatID = chat
	ev.UserID = string(m.AuthorBsuid)
	ev.Username = string(m.AuthorUserName)
	if wire.IsGroup(chat) {
		ev.GroupID = chat
	}
	if m.Type == "reaction" {
		ev.Kind = wire.KindReaction
		ev.MessageID = string(m.QuotedMsgID)
		ev.Emoji = string(m.Body)
		ev.Removed = m.Body == ""
		return
	}
	ev.Kind = wire.KindMessage
	ev.Type = m.Type
	ev.Text = text
	ev.ReplyTo = string(m.QuotedMsgID)
	ev.ContactName = lenient.First(string(m.SenderName), string(m.ChatName))
}

// fill reads a status. The recipient is the phone, else the chat's phone,
// else the BSUID.
func (a *ack) fill(ev *wire.Event) {
	ev.Kind = wire.KindStatus
	ev.MessageID = string(a.ID)
	ev.Recipient = lenient.First(wire.PhoneOfChat(string(a.Phone)), wire.PhoneOfChat(string(a.ChatID)), string(a.Bsuid))
	ev.RecipientUserID = string(a.Bsuid)
	ev.Status = a.Status
	ev.Timestamp = a.Time.Seconds()
	if e := a.Error; e.Message != "" || e.UserMessage != "" || e.Code != 0 || strings.EqualFold(a.Status, "failed") {
		ev.Err = e.failure()
	}
}

// failure is the ack's error. 1MSG usually gives only words: a Meta title
// maps back to its code, and the window check reads them.
func (e *ackError) failure() *wire.Failure {
	f := &wire.Failure{Code: e.Code.Int(), Title: e.Title, Message: lenient.First(e.Message, e.UserMessage), Details: e.ErrorData.Details, Recognised: true}
	if f.Code == 0 {
		f.Code = metaCodeOfTitle[strings.ToLower(strings.TrimSpace(f.Message))]
	}
	f.WindowClosed = WindowClosed(f.Message + "\n" + f.Details)
	return f
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
