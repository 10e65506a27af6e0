package waack

import (
	"sync"

	"github.com/waack/waack/internal/wire"
)

// ParseCloudAPIWebhook turns a Cloud API webhook body into events: every
// item of every change of every entry, in order, and within a change its
// messages (or echoes), then its statuses, then its errors. "messages"
// changes carry customer messages, reactions, notices (revoke, edit,
// system), statuses and errors; "smb_message_echoes" changes (coexistence
// numbers) carry EchoEvents; other fields (history, account_update…) are
// skipped. Unknown message types and statuses are kept as they came. A body
// that is not a JSON object is an error wrapping ErrBadPayload; a field of
// an unexpected type is ignored.
//
// It does not verify the signature: use NewWebhookHandler, or
// VerifyCloudAPISignature on the raw body first.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
func ParseCloudAPIWebhook(body []byte) ([]Event, error) { return parseWebhook(CloudAPI{}, body) }

// ParseOneMsgWebhook turns a 1MSG webhook body into events: every item of
// messages[] and then of ack[], in order, and with rawHooks on, Meta-format
// entries parsed as by ParseCloudAPIWebhook (Provider "1msg").
//
// Messages the business sent itself (fromMe, whether from the API or the
// app) are EchoEvents, not customer messages. A message of type "reaction"
// becomes a ReactionEvent with the emoji from body and the target from
// quotedMsgId (1MSG does not document this mapping; an empty body is taken
// as a removal). Acks map to StatusEvents; "viewed" is read; a failed ack's
// error text becomes Err.Message, and Err matches ErrSessionWindowClosed
// when the text says the 24-hour window is closed. 1MSG signs nothing:
// authenticate the request yourself, e.g. with NewWebhookHandler and a
// secret.
//
// https://docs.1msg.io/
func ParseOneMsgWebhook(body []byte) ([]Event, error) { return parseWebhook(OneMsg{}, body) }

// ParseWawpWebhook turns a Wawp (or WAHA) webhook body, one event envelope,
// into at most one event: "message" and "message.any" a MessageEvent (or an
// EchoEvent when fromMe), "message.reaction" a ReactionEvent (Wawp's string
// form and WAHA's object form), "message.revoked" and "message.edited" a
// NoticeEvent, "message.ack" a StatusEvent (-1 ERROR failed, 1 SERVER
// sent, 2 DEVICE delivered, 3 READ read, 4 PLAYED played; 0 PENDING yields
// none). Other events (session.status, presence.update…) yield none.
// ChatID is the payload's from (or chatId); From is the phone of a person's
// chat, or of the participant in a group; NumberID is the session.
//
// https://api.wawp.net/en/docs/message, https://api.wawp.net/en/docs/message.reaction,
// https://api.wawp.net/en/docs/message.ack, https://waha.devlike.pro/docs/how-to/events/
func ParseWawpWebhook(body []byte) ([]Event, error) { return parseWebhook(Wawp{}, body) }

// parseWebhook runs a provider's parser over a body.
func parseWebhook(p Provider, body []byte) ([]Event, error) {
	name := p.Name()
	out, err := collect(&eventScratch, func(out *[]Event) error {
		return p.webhooks().Parse(body, func(ev *wire.Event) {
			if !ev.Empty() {
				*out = append(*out, eventOf(name, ev))
			}
		})
	})
	if err != nil {
		return nil, inputError(err)
	}
	return out, nil
}

// Scratch slices for collect, one pool per element type.
var eventScratch, keyedScratch sync.Pool

// collect runs parse with a recycled slice to append to and returns an
// exactly sized copy of what it appended (nil for nothing): a batch's
// slice grown by append cost two and a half times its final size.
func collect[T any](pool *sync.Pool, parse func(*[]T) error) ([]T, error) {
	scratch, _ := pool.Get().(*[]T)
	if scratch == nil {
		scratch = new([]T)
	}
	err := parse(scratch)
	var out []T
	if len(*scratch) > 0 {
		out = make([]T, len(*scratch))
		copy(out, *scratch)
	}
	clear(*scratch) // the pool must not keep events alive
	*scratch = (*scratch)[:0]
	pool.Put(scratch)
	return out, err
}

// eventOf is the public event of a parsed one.
func eventOf(provider string, ev *wire.Event) Event {
	switch ev.Kind {
	case wire.KindMessage:
		return MessageEvent{
			Provider: provider, NumberID: ev.NumberID, BusinessPhone: ev.BusinessPhone,
			ID: ev.ID, From: ev.From, ChatID: ev.ChatID, UserID: ev.UserID, ParentUserID: ev.ParentUserID,
			Username: ev.Username, GroupID: ev.GroupID, Type: ev.Type, Text: ev.Text, ReplyTo: ev.ReplyTo,
			ContactName: ev.ContactName, Timestamp: ev.Timestamp,
		}
	case wire.KindReaction:
		return ReactionEvent{
			Provider: provider, NumberID: ev.NumberID, BusinessPhone: ev.BusinessPhone,
			ID: ev.ID, From: ev.From, ChatID: ev.ChatID, UserID: ev.UserID, ParentUserID: ev.ParentUserID,
			Username: ev.Username, MessageID: ev.MessageID, Emoji: ev.Emoji, Removed: ev.Removed, Timestamp: ev.Timestamp,
		}
	case wire.KindStatus:
		return statusEvent(provider, ev)
	case wire.KindNotice:
		return NoticeEvent{
			Provider: provider, NumberID: ev.NumberID, BusinessPhone: ev.BusinessPhone,
			ID: ev.ID, From: ev.From, ChatID: ev.ChatID, UserID: ev.UserID, Kind: ev.NoticeKind,
			MessageID: ev.MessageID, Text: ev.Text, Timestamp: ev.Timestamp,
		}
	case wire.KindEcho:
		return EchoEvent{
			Provider: provider, NumberID: ev.NumberID, BusinessPhone: ev.BusinessPhone,
			ID: ev.ID, To: ev.To, Type: ev.Type, Text: ev.Text, Timestamp: ev.Timestamp,
		}
	}
	return ErrorEvent{Provider: provider, NumberID: ev.NumberID, Err: webhookError(provider, ev.Err)}
}

// statusEvent is the StatusEvent of a parsed status.
func statusEvent(provider string, ev *wire.Event) StatusEvent {
	s := StatusEvent{
		Provider: provider, NumberID: ev.NumberID, BusinessPhone: ev.BusinessPhone,
		MessageID: ev.MessageID, Recipient: ev.Recipient, RecipientUserID: ev.RecipientUserID,
		Status: normalizeStatus(ev.Status), Timestamp: ev.Timestamp, TrackingID: ev.TrackingID,
	}
	if p := ev.Pricing; p != nil {
		s.Pricing = &Pricing{Billable: p.Billable, Category: p.Category, Type: p.Type, Model: p.Model}
	}
	if ev.Err != nil || s.Status == StatusFailed {
		s.Err = webhookError(provider, ev.Err)
	}
	return s
}

// webhookError is a webhook-reported error as an *APIError (Op "webhook",
// HTTPStatus 0), so that errors.Is matches it against the sentinels.
func webhookError(provider string, f *wire.Failure) *APIError {
	e := &APIError{Provider: provider, Op: OpWebhook}
	if f != nil {
		e.Code, e.Title, e.Message, e.Details, e.windowClosed = f.Code, f.Title, f.Message, f.Details, f.WindowClosed
	}
	return e
}
