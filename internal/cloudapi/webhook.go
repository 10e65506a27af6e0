package cloudapi

import (
	"github.com/waack/waack/internal/flex"
	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

// Webhooks is the Cloud API webhook dialect.
type Webhooks struct{}

var _ wire.Webhooks = Webhooks{}

// Auth authenticates by X-Hub-Signature-256 with any of the app secrets,
// and answers Meta's GET handshake with the verify token.
func (Webhooks) Auth(s wire.Secrets) (wire.Auth, error) { return newSignatureAuth(s) }

// Parse decodes a webhook body: every item of every change of every entry,
// in order, and within a change its messages (or echoes), then its
// statuses, then its errors. Only "messages" and "smb_message_echoes"
// changes carry events.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
func (Webhooks) Parse(body []byte, emit func(*wire.Event)) error {
	var n notification
	sc := scratchPool.Get().(*scratch)
	defer func() {
		sc.reset()
		scratchPool.Put(sc)
	}()
	if !decodeStatuses(body, &n, sc) {
		if err := flex.DecodeObject(name, body, &n); err != nil {
			return err
		}
	}
	EmitEntries(n.Entry, false, emit)
	return nil
}

// EmitEntries emits the events of decoded entries. anyField also reads
// changes without a field name as "messages" (1MSG's raw hooks, whose
// exact shape is unverified).
func EmitEntries(entries []Entry, anyField bool, emit func(*wire.Event)) {
	var ev wire.Event
	for i := range entries {
		for j := range entries[i].Changes {
			c := &entries[i].Changes[j]
			switch {
			case c.Field == "messages":
				c.Value.emit(&ev, emit)
			case c.Field == "smb_message_echoes":
				c.Value.emitEchoes(&ev, emit)
			case anyField && c.Field == "":
				// 1MSG's raw hooks put messages, statuses and echoes in
				// one value.
				c.Value.emit(&ev, emit)
				c.Value.emitEchoes(&ev, emit)
			}
		}
	}
}

// start resets ev for the next event of v, with the number it is for.
func (v *value) start(ev *wire.Event, kind wire.EventKind) {
	ev.Reset()
	ev.Kind = kind
	ev.NumberID = string(v.Metadata.PhoneNumberID)
	ev.BusinessPhone = string(v.Metadata.DisplayPhoneNumber)
}

// emit emits the value's messages, statuses and errors.
func (v *value) emit(ev *wire.Event, emit func(*wire.Event)) {
	for i := range v.Messages {
		v.message(ev, &v.Messages[i])
		emit(ev)
	}
	var price wire.Pricing // shared by the statuses: emit's callee copies it
	for i := range v.Statuses {
		v.start(ev, wire.KindStatus)
		v.Statuses[i].fill(ev, &price)
		emit(ev)
	}
	for i := range v.Errors {
		v.start(ev, wire.KindError)
		ev.Err = v.Errors[i].failure()
		emit(ev)
	}
}

// emitEchoes emits the messages the business sent from the WhatsApp
// Business app of a coexistence number.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/smb_message_echoes
func (v *value) emitEchoes(ev *wire.Event, emit func(*wire.Event)) {
	for i := range v.MessageEchoes {
		m := &v.MessageEchoes[i]
		v.start(ev, wire.KindEcho)
		ev.BusinessPhone = lenient.First(ev.BusinessPhone, string(m.From))
		ev.ID = m.ID
		ev.To = string(m.To)
		ev.Type = m.Type
		ev.Text = m.text()
		ev.Timestamp = m.Timestamp.seconds()
		emit(ev)
	}
}

// message fills ev from an inbound message: a reaction, a notice (revoke,
// edit, system) or a customer message. Without "from" (BSUID-only senders)
// From is empty and ChatID is the BSUID.
func (v *value) message(ev *wire.Event, m *message) {
	kind := wire.KindMessage
	switch m.Type {
	case "reaction":
		kind = wire.KindReaction
	case "revoke", "edit", "system":
		kind = wire.KindNotice
	}
	v.start(ev, kind)
	c := v.contactOf(m)
	ev.ID = m.ID
	ev.From = string(m.From)
	ev.UserID = m.FromUserID
	ev.ParentUserID = m.FromParentUserID
	if c != nil {
		ev.ContactName = c.Profile.Name
		ev.Username = c.Profile.Username
		ev.UserID = lenient.First(ev.UserID, c.UserID)
		ev.ParentUserID = lenient.First(ev.ParentUserID, c.ParentUserID)
	}
	ev.ChatID = lenient.First(ev.From, ev.UserID)
	ev.GroupID = m.GroupID
	ev.Timestamp = m.Timestamp.seconds()
	switch m.Type {
	case "reaction":
		ev.MessageID = m.Reaction.MessageID
		ev.Emoji = m.Reaction.Emoji
		ev.Removed = m.Reaction.Emoji == ""
	case "revoke":
		ev.NoticeKind = "revoke"
		ev.MessageID = m.Revoke.OriginalMessageID
	case "edit":
		ev.NoticeKind = "edit"
		ev.MessageID = m.Edit.OriginalMessageID
		if m.Edit.Message != nil {
			ev.Text = m.Edit.Message.text()
		}
	case "system":
		ev.NoticeKind = "system"
		ev.Type = m.System.Type
		ev.Text = m.System.Body
	default:
		ev.Type = m.Type
		ev.Text = m.text()
		ev.ReplyTo = m.Context.ID
	}
}

// text is what the customer wrote: a text body, a media caption, or the
// label of the button or list row they tapped.
func (m *message) text() string {
	switch m.Type {
	case "text":
		return m.Text.Body
	case "image":
		return m.Image.Caption
	case "video":
		return m.Video.Caption
	case "document":
		return m.Document.Caption
	case "button":
		return m.Button.Text
	case "interactive":
		return lenient.First(m.Interactive.ButtonReply.Title, m.Interactive.ListReply.Title)
	}
	return ""
}

// contactOf is the contact matching the sender (by wa_id, or by BSUID), or
// the only contact when none matches by id.
func (v *value) contactOf(m *message) *contact {
	for i := range v.Contacts {
		c := &v.Contacts[i]
		if (m.From != "" && c.WaID == m.From) || (m.FromUserID != "" && c.UserID == m.FromUserID) {
			return c
		}
	}
	if len(v.Contacts) == 1 {
		return &v.Contacts[0]
	}
	return nil
}

// Fill fills a status event. The recipient is recipient_id, else the
// BSUID. Err is set from errors[0] when there is one, and to a bare
// failure for a failure reported without details, so that Err != nil
// whenever the status is "failed".
func (s *Status) Fill(ev *wire.Event) { s.fill(ev, new(wire.Pricing)) }

// fill is Fill with price to hold the pricing (ev.Pricing points to it
// when the status has one).
func (s *Status) fill(ev *wire.Event, price *wire.Pricing) {
	ev.MessageID = s.ID
	ev.Recipient = lenient.First(string(s.RecipientID), s.RecipientUserID)
	ev.RecipientUserID = s.RecipientUserID
	ev.Status = s.Status
	ev.Timestamp = s.Timestamp.seconds()
	ev.TrackingID = s.BizOpaqueCallbackData
	if p := s.Pricing; p != nil {
		*price = wire.Pricing{Billable: p.Billable, Category: p.Category, Type: p.Type, Model: p.PricingModel}
		ev.Pricing = price
	}
	switch {
	case len(s.Errors) > 0:
		ev.Err = s.Errors[0].failure()
	case s.Status == "failed":
		ev.Err = &wire.Failure{}
	}
}

// failure is the webhook error as a Failure, classified like an answer's.
func (e *apiError) failure() *wire.Failure {
	return &wire.Failure{Code: e.Code.int(), Title: e.Title, Message: e.Message, Details: e.ErrorData.Details, Recognised: true}
}
