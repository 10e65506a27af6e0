package waack

import (
	"strconv"
	"strings"
	"time"
)

// ParseWawpWebhook turns a Wawp (or WAHA) webhook body, one event envelope,
// into at most one event:
//
//   - "message", and "message.any" without fromMe, become a MessageEvent
//     (the business's own messages are echoes and are skipped);
//   - "message.reaction" becomes a ReactionEvent, whether the reaction is
//     Wawp's documented string ("reaction":"❤️", target in messageId) or
//     WAHA's object ({"text","messageId"}); an empty text is a removal;
//   - "message.ack" becomes a StatusEvent: ack -1 ERROR is failed, 1 SERVER
//     sent, 2 DEVICE delivered, 3 READ read, 4 PLAYED played, with ackName
//     used when the number is absent or unknown. 0 PENDING (not yet on
//     WhatsApp's server) is not a delivery status and yields no event.
//
// Other events (session.status, presence.update…) yield none. ChatID is the
// payload's from (or chatId); From is the phone of a person's chat, or of
// the participant in a group. Timestamps are the payload's seconds, else the
// envelope's milliseconds.
//
// https://api.wawp.net/en/docs/message, https://api.wawp.net/en/docs/message.reaction,
// https://api.wawp.net/en/docs/message.ack, https://waha.devlike.pro/docs/how-to/events/
func ParseWawpWebhook(body []byte) ([]Event, error) {
	evs, _, err := parseWawp(body)
	return evs, err
}

// parseWawp also returns the envelope's event id, the dedup key of last
// resort.
func parseWawp(body []byte) ([]Event, string, error) {
	var env wawpEnvelope
	if err := decodeObject(ProviderWawp, body, &env); err != nil {
		return nil, "", err
	}
	if ev := env.event(); ev != nil {
		return []Event{ev}, string(env.ID), nil
	}
	return nil, string(env.ID), nil
}

// event is the envelope's event, or nil when it is none of ours.
func (env *wawpEnvelope) event() Event {
	p := &env.Payload
	at := p.time(env.Timestamp)
	switch env.Event {
	case "message", "message.any":
		if p.FromMe {
			return nil
		}
		return p.messageEvent(at)
	case "message.reaction":
		if p.FromMe {
			return nil
		}
		return p.reactionEvent(at)
	case "message.ack":
		if ev, ok := p.statusEvent(at); ok {
			return ev
		}
	}
	return nil
}

// time is the payload's timestamp (seconds; read as milliseconds when it is
// too large to be seconds of this era), else the envelope's milliseconds.
func (p *wawpPayload) time(envelopeMillis flexNumber) time.Time {
	switch {
	case p.Timestamp > 1e11:
		return p.Timestamp.millis()
	case p.Timestamp > 0:
		return p.Timestamp.seconds()
	}
	return envelopeMillis.millis()
}

// sender is the phone of a person's chat, or of the group participant.
func (p *wawpPayload) sender(chat string) string {
	for _, c := range []flexString{flexString(chat), p.Participant, p.Author, p.SenderID} {
		if phone := phoneOfChat(string(c)); phone != "" {
			return phone
		}
	}
	return ""
}

func (p *wawpPayload) messageEvent(at time.Time) MessageEvent {
	chat := firstOf(p.From, p.ChatID)
	typ := firstOf(flexString(p.Type), p.Data.Type)
	if typ == "" {
		typ = "text"
		if p.HasMedia {
			typ = "media"
		}
	}
	return MessageEvent{
		Provider:    ProviderWawp,
		ID:          string(p.ID),
		From:        p.sender(chat),
		ChatID:      chat,
		Type:        typ,
		Text:        string(p.Body), // WAHA puts a media caption in body too
		ReplyTo:     string(p.ReplyTo),
		ContactName: firstOf(p.Data.NotifyName, p.Data.PushName),
		Timestamp:   at,
	}
}

func (p *wawpPayload) reactionEvent(at time.Time) ReactionEvent {
	chat := firstOf(p.From, p.ChatID, p.SenderID)
	target := p.MessageID
	if target == "" {
		target = p.Reaction.MessageID
	}
	return ReactionEvent{
		Provider:  ProviderWawp,
		ID:        string(p.ID),
		From:      p.sender(chat),
		ChatID:    chat,
		MessageID: string(target),
		Emoji:     string(p.Reaction.Text),
		Removed:   p.Reaction.Text == "",
		Timestamp: at,
	}
}

// wawpAckNames are WAHA's WAMessageAck values.
var wawpAckNames = map[int]string{-1: "ERROR", 0: "PENDING", 1: "SERVER", 2: "DEVICE", 3: "READ", 4: "PLAYED"}

// wawpAckStatuses maps ack names to statuses; PENDING has none.
var wawpAckStatuses = map[string]Status{
	"ERROR": StatusFailed, "SERVER": StatusSent, "DEVICE": StatusDelivered, "READ": StatusRead, "PLAYED": StatusPlayed,
}

// statusEvent is the StatusEvent, or false for PENDING. The recipient is
// the chat (chatId, else the one in the serialized id, else to/from).
func (p *wawpPayload) statusEvent(at time.Time) (StatusEvent, bool) {
	name := strings.ToUpper(p.AckName)
	if p.Ack != nil && float64(*p.Ack) == float64(p.Ack.int()) {
		if n, ok := wawpAckNames[p.Ack.int()]; ok {
			name = n
		}
	}
	if name == "PENDING" {
		return StatusEvent{}, false
	}
	status, known := wawpAckStatuses[name]
	switch {
	case known:
	case p.AckName != "":
		status = Status(p.AckName)
	case p.Ack != nil:
		status = Status(strconv.FormatFloat(float64(*p.Ack), 'f', -1, 64))
	}
	chat := firstOf(p.ChatID, flexString(chatOfSerialized(string(p.ID))))
	if chat == "" {
		chat = string(p.From)
		if p.FromMe && p.To != "" {
			chat = string(p.To)
		}
	}
	ev := StatusEvent{
		Provider:  ProviderWawp,
		MessageID: string(p.ID),
		Recipient: personOrChat(chat),
		Status:    status,
		Timestamp: at,
	}
	if status == StatusFailed {
		// WAHA says only that the ack is ERROR; there is no code or text.
		ev.Err = &APIError{Provider: ProviderWawp, Op: OpWebhook, Message: "message failed (ack " + name + ")"}
	}
	return ev, true
}

// firstOf is the first non-empty value.
func firstOf(vs ...flexString) string {
	for _, v := range vs {
		if v != "" {
			return string(v)
		}
	}
	return ""
}
