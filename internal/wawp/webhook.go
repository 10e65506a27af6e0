package wawp

import (
	"strconv"
	"strings"
	"time"

	"github.com/waack/waack/internal/flex"
	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

// Webhooks is the Wawp webhook dialect.
type Webhooks struct{}

var _ wire.Webhooks = Webhooks{}

// Auth: Wawp's own X-Wawp-Signature is UNVERIFIED (the docs do not say
// what it signs), so a shared secret in the registered URL (or header)
// authenticates its deliveries.
func (Webhooks) Auth(s wire.Secrets) (wire.Auth, error) { return wire.SharedSecret(s, name) }

// Parse decodes one event envelope into at most one event:
//
//   - "message", and "message.any", become a message, or an echo when
//     fromMe (the business's own message from another device or the API);
//   - "message.reaction" becomes a reaction, whether the reaction is
//     Wawp's documented string ("reaction":"❤️", target in messageId) or
//     WAHA's object ({"text","messageId"}); an empty text is a removal;
//     the business's own reactions yield none;
//   - "message.revoked" and "message.edited" become notices (WAHA's
//     shapes; Wawp's are UNVERIFIED);
//   - "message.ack" becomes a status: ack -1 ERROR is failed, 1 SERVER
//     sent, 2 DEVICE delivered, 3 READ read, 4 PLAYED played, with ackName
//     used when the number is absent or unknown. 0 PENDING (not yet on
//     WhatsApp's server) is not a delivery status and yields no event.
//
// Other events (session.status, presence.update…) yield none. ChatID is the
// payload's from (or chatId); From is the phone of a person's chat, or of
// the participant in a group; NumberID is the session (the instance).
// Timestamps are the payload's seconds, else the envelope's milliseconds.
// An event without an id of its own is keyed by the envelope's id.
//
// https://api.wawp.net/en/docs/message, https://api.wawp.net/en/docs/message.reaction,
// https://api.wawp.net/en/docs/message.ack, https://waha.devlike.pro/docs/how-to/events/
func (Webhooks) Parse(body []byte, emit func(*wire.Event)) error {
	var env envelope
	if err := flex.DecodeObject(name, body, &env); err != nil {
		return err
	}
	var ev wire.Event
	if !env.fill(&ev) {
		return nil
	}
	ev.NumberID = string(env.Session)
	if env.ID != "" {
		ev.Key = string(env.ID)
	}
	emit(&ev)
	return nil
}

// fill reads the envelope's event; false when it is none of ours.
func (env *envelope) fill(ev *wire.Event) bool {
	p := &env.Payload
	at := p.time(env.Timestamp)
	switch env.Event {
	case "message", "message.any":
		if p.FromMe {
			p.echo(ev, at)
		} else {
			p.message(ev, at)
		}
		return true
	case "message.reaction":
		if p.FromMe {
			return false
		}
		p.reaction(ev, at)
		return true
	case "message.revoked", "message.edited":
		if p.FromMe {
			return false
		}
		p.notice(ev, env.Event, at)
		return true
	case "message.ack":
		return p.status(ev, at)
	}
	return false
}

// time is the payload's timestamp (seconds; read as milliseconds when it is
// too large to be seconds of this era), else the envelope's milliseconds.
func (p *payload) time(envelopeMillis flex.Number) time.Time {
	switch {
	case p.Timestamp > 1e11:
		return p.Timestamp.Millis()
	case p.Timestamp > 0:
		return p.Timestamp.Seconds()
	}
	return envelopeMillis.Millis()
}

// sender fills the sender of a chat: the phone of a person's chat, or of
// the group participant.
func (p *payload) sender(ev *wire.Event, chat string) {
	ev.ChatID = chat
	for _, c := range []flex.String{flex.String(chat), p.Participant, p.Author, p.SenderID} {
		if phone := wire.PhoneOfChat(string(c)); phone != "" {
			ev.From = phone
			break
		}
	}
	if wire.IsGroup(chat) {
		ev.GroupID = chat
	}
}

func (p *payload) typ() string {
	typ := lenient.First(p.Type, string(p.Data.Type))
	if typ == "" {
		typ = "text"
		if p.HasMedia {
			typ = "media"
		}
	}
	return typ
}

func (p *payload) message(ev *wire.Event, at time.Time) {
	ev.Kind = wire.KindMessage
	ev.ID = string(p.ID)
	p.sender(ev, lenient.First(string(p.From), string(p.ChatID)))
	ev.Type = p.typ()
	ev.Text = string(p.Body) // WAHA puts a media caption in body too
	ev.ReplyTo = string(p.ReplyTo)
	ev.ContactName = lenient.First(string(p.Data.NotifyName), string(p.Data.PushName))
	ev.Timestamp = at
}

// echo is the business's own message: to is the chat it went to.
func (p *payload) echo(ev *wire.Event, at time.Time) {
	ev.Kind = wire.KindEcho
	ev.ID = string(p.ID)
	ev.To = wire.PersonOrChat(lenient.First(string(p.To), string(p.ChatID)))
	ev.Type = p.typ()
	ev.Text = string(p.Body)
	ev.Timestamp = at
}

func (p *payload) reaction(ev *wire.Event, at time.Time) {
	ev.Kind = wire.KindReaction
	ev.ID = string(p.ID)
	p.sender(ev, lenient.First(string(p.From), string(p.ChatID), string(p.SenderID)))
	ev.MessageID = lenient.First(string(p.MessageID), string(p.Reaction.MessageID))
	ev.Emoji = string(p.Reaction.Text)
	ev.Removed = p.Reaction.Text == ""
	ev.Timestamp = at
}

// notice is a customer's revoke or edit of an earlier message.
func (p *payload) notice(ev *wire.Event, event string, at time.Time) {
	ev.Kind = wire.KindNotice
	ev.ID = string(p.ID)
	p.sender(ev, lenient.First(string(p.From), string(p.ChatID)))
	ev.Timestamp = at
	if event == "message.revoked" {
		ev.NoticeKind = "revoke"
		ev.MessageID = string(p.RevokedMessageID)
		if ev.MessageID == "" && p.Before != nil {
			ev.MessageID = string(p.Before.ID)
		}
		return
	}
	ev.NoticeKind = "edit"
	ev.MessageID = string(p.EditedMessageID)
	ev.Text = string(p.Body)
}

// ackNames are WAHA's WAMessageAck values.
var ackNames = map[int]string{-1: "ERROR", 0: "PENDING", 1: "SERVER", 2: "DEVICE", 3: "READ", 4: "PLAYED"}

// ackStatuses maps ack names to status words; PENDING has none.
var ackStatuses = map[string]string{
	"ERROR": "failed", "SERVER": "sent", "DEVICE": "delivered", "READ": "read", "PLAYED": "played",
}

// status fills the status, or reports false for PENDING. The recipient is
// the chat (chatId, else the one in the serialized id, else to/from).
func (p *payload) status(ev *wire.Event, at time.Time) bool {
	ackName := strings.ToUpper(p.AckName)
	if p.Ack != nil && float64(*p.Ack) == float64(p.Ack.Int()) {
		if n, ok := ackNames[p.Ack.Int()]; ok {
			ackName = n
		}
	}
	if ackName == "PENDING" {
		return false
	}
	status, known := ackStatuses[ackName]
	switch {
	case known:
	case p.AckName != "":
		status = p.AckName
	case p.Ack != nil:
		status = strconv.FormatFloat(float64(*p.Ack), 'f', -1, 64)
	}
	chat := string(p.ChatID)
	if chat == "" {
		chat, _ = ChatFromMessageID(string(p.ID))
	}
	if chat == "" {
		chat = string(p.From)
		if p.FromMe && p.To != "" {
			chat = string(p.To)
		}
	}
	ev.Kind = wire.KindStatus
	ev.MessageID = string(p.ID)
	ev.Recipient = wire.PersonOrChat(chat)
	ev.Status = status
	ev.Timestamp = at
	if status == "failed" {
		// WAHA says only that the ack is ERROR; there is no code or text.
		ev.Err = &wire.Failure{Message: "message failed (ack " + ackName + ")", Recognised: true}
	}
	return true
}
