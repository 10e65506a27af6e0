package waack

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is the delivery status of an outbound message, as reported by a
// webhook. Unknown values from a provider are kept as they came.
type Status string

// Delivery statuses, in the order they advance. A reaction only ever gets
// StatusSent (or StatusFailed).
const (
	StatusSent      Status = "sent"
	StatusDelivered Status = "delivered"
	StatusRead      Status = "read"
	StatusPlayed    Status = "played"
	StatusFailed    Status = "failed"
)

// Event is one thing a webhook reported: a MessageEvent, ReactionEvent,
// StatusEvent or ErrorEvent. Switch on its type.
type Event interface {
	// EventProvider is the provider that reported the event.
	EventProvider() string
	isEvent()
}

// MessageEvent is an inbound customer message. It opens or refreshes the
// chat's 24-hour customer service window.
type MessageEvent struct {
	Provider    string
	ID          string // the message id to react to or mark read
	From        string // the sender's phone (may be empty for BSUID-only payloads)
	ChatID      string // the chat to answer in (From for Cloud API, the @c.us id for others)
	Type        string // "text", "image", "reaction"…, as the provider named it
	Text        string // the text, or a media caption
	ReplyTo     string // the id of the message this one quotes
	ContactName string
	Timestamp   time.Time
}

// ReactionEvent is a customer's reaction to a message, or its removal.
type ReactionEvent struct {
	Provider  string
	ID        string // the reaction's own id
	From      string
	ChatID    string
	MessageID string // the message reacted to
	Emoji     string // "" when Removed
	Removed   bool
	Timestamp time.Time
}

// StatusEvent is the fate of an outbound message: sent, delivered, read,
// played or failed (Err set).
type StatusEvent struct {
	Provider  string
	MessageID string
	Recipient string
	Status    Status
	Timestamp time.Time
	Err       *APIError // set when Status is StatusFailed; Op is "webhook"
}

// ErrorEvent is an error the provider reported outside any one message
// (Cloud API value.errors, e.g. 130429).
type ErrorEvent struct {
	Provider string
	Err      *APIError
}

// EventProvider implements Event.
func (e MessageEvent) EventProvider() string { return e.Provider }

// EventProvider implements Event.
func (e ReactionEvent) EventProvider() string { return e.Provider }

// EventProvider implements Event.
func (e StatusEvent) EventProvider() string { return e.Provider }

// EventProvider implements Event.
func (e ErrorEvent) EventProvider() string { return e.Provider }

func (MessageEvent) isEvent()  {}
func (ReactionEvent) isEvent() {}
func (StatusEvent) isEvent()   {}
func (ErrorEvent) isEvent()    {}

// normalizeStatus maps a provider's status word to a Status. Known words
// are matched without regard to case; 1MSG's legacy "viewed" is "read".
// Unknown words ("deleted", "warning"…) are kept as they came.
func normalizeStatus(s string) Status {
	switch Status(s) { // as every provider sends them
	case StatusSent, StatusDelivered, StatusRead, StatusPlayed, StatusFailed:
		return Status(s)
	}
	for _, known := range []Status{StatusSent, StatusDelivered, StatusRead, StatusPlayed, StatusFailed} {
		if strings.EqualFold(s, string(known)) {
			return known
		}
	}
	if strings.EqualFold(s, "viewed") {
		return StatusRead
	}
	return Status(s)
}

// ---- Provider wire types ----------------------------------------------
//
// These mirror what each provider POSTs to a webhook, as far as the parsers
// need it. Fields whose JSON type the sources disagree on use the flex types
// of webhook_flex.go. A field of an unexpected JSON type is skipped by the
// decoder (see decodeObject), never fatal.

// The Cloud API types declare only the fields the events use: the decoder
// skips the others (object, entry id, messaging_product, metadata, pricing,
// conversation…) faster than it would decode them, which is most of a
// status webhook. Their flexible scalars are cloudString and cloudNumber.

// cloudNotification is a Cloud API webhook body ("whatsapp_business_account").
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview
type cloudNotification struct {
	Entry []cloudEntry `json:"entry"`
}

// cloudEntry is one WhatsApp Business Account's share of a batch.
type cloudEntry struct {
	Changes []cloudChange `json:"changes"`
}

// cloudChange is one change of an entry. Only Field "messages" carries
// messages, statuses and errors; other fields (smb_message_echoes, history,
// account_update…) are not events of this package.
type cloudChange struct {
	Field string     `json:"field"`
	Value cloudValue `json:"value"`
}

// cloudValue is the payload of a "messages" change. It usually holds either
// messages (with contacts) or statuses, sometimes errors.
type cloudValue struct {
	Contacts []cloudContact  `json:"contacts"`
	Messages []cloudMessage  `json:"messages"`
	Statuses []cloudStatus   `json:"statuses"`
	Errors   []cloudAPIError `json:"errors"`
}

// cloudContact is the sender's profile. WaID may be absent for users with a
// username (BSUID rollout, 31 March 2026); UserID is the BSUID.
type cloudContact struct {
	Profile struct {
		Name string `json:"name"`
	} `json:"profile"`
	WaID   cloudString `json:"wa_id"`
	UserID string      `json:"user_id"`
}

// cloudMessage is an inbound message (value.messages[]). From may be absent
// after the BSUID change; FromUserID then names the sender.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
type cloudMessage struct {
	From       cloudString `json:"from"`
	FromUserID string      `json:"from_user_id"`
	ID         string      `json:"id"`
	Timestamp  cloudNumber `json:"timestamp"` // Unix seconds, usually a string
	Type       string      `json:"type"`
	Context    struct {
		From string `json:"from"`
		ID   string `json:"id"`
	} `json:"context"`
	Text struct {
		Body string `json:"body"`
	} `json:"text"`
	Reaction struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji"` // absent or "" when the reaction was removed
	} `json:"reaction"`
	Image    cloudMedia `json:"image"`
	Video    cloudMedia `json:"video"`
	Document cloudMedia `json:"document"`
	Button   struct {
		Text string `json:"text"`
	} `json:"button"`
	Interactive struct {
		ButtonReply struct {
			Title string `json:"title"`
		} `json:"button_reply"`
		ListReply struct {
			Title string `json:"title"`
		} `json:"list_reply"`
	} `json:"interactive"`
}

// cloudMedia is the part of a media object the events use: its caption.
type cloudMedia struct {
	Caption string `json:"caption"`
}

// cloudStatus is the fate of an outbound message (value.statuses[]).
// RecipientID may be absent for BSUID recipients; RecipientUserID then
// names them.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
type cloudStatus struct {
	ID              string          `json:"id"`
	Status          string          `json:"status"`
	Timestamp       cloudNumber     `json:"timestamp"`
	RecipientID     cloudString     `json:"recipient_id"`
	RecipientUserID string          `json:"recipient_user_id"`
	Errors          []cloudAPIError `json:"errors"`
}

// cloudAPIError is the webhook error object (statuses[].errors[] and
// value.errors[]): unlike the Graph answer envelope it has a title and an
// href, and no type or fbtrace_id.
type cloudAPIError struct {
	Code      cloudNumber `json:"code"`
	Title     string      `json:"title"`
	Message   string      `json:"message"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
	Href string `json:"href"`
}

// cloudString is a flexString that decodes the common case, a JSON string
// without escapes (an id, a phone number), in place: flexString makes a
// second encoding/json pass for every string, which cost more than the
// rest of a status. Anything else goes through flexString.
type cloudString flexString

// UnmarshalJSON implements json.Unmarshaler.
func (s *cloudString) UnmarshalJSON(b []byte) error {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		in := b[1 : len(b)-1]
		// encoding/json would unescape, or replace invalid UTF-8.
		if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
			*s = cloudString(in)
			return nil
		}
	}
	return (*flexString)(s).UnmarshalJSON(b)
}

// cloudNumber is a flexNumber that decodes the common case, up to 15
// digits quoted or not (Meta's timestamps and error codes), in place.
// Anything else goes through flexNumber.
type cloudNumber flexNumber

// UnmarshalJSON implements json.Unmarshaler.
func (n *cloudNumber) UnmarshalJSON(b []byte) error {
	digits := b
	if len(digits) >= 2 && digits[0] == '"' && digits[len(digits)-1] == '"' {
		digits = digits[1 : len(digits)-1]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return (*flexNumber)(n).UnmarshalJSON(b)
	}
	var v uint64 // 15 digits fit a float64 exactly
	for _, c := range digits {
		if c < '0' || c > '9' {
			return (*flexNumber)(n).UnmarshalJSON(b)
		}
		v = v*10 + uint64(c-'0')
	}
	*n = cloudNumber(v)
	return nil
}

func (n cloudNumber) seconds() time.Time { return flexNumber(n).seconds() }
func (n cloudNumber) int() int           { return flexNumber(n).int() }

// oneMsgPush is a 1MSG webhook body: {instanceId, messages[]} for messages,
// {instanceId, ack[]} for delivery statuses, or, with rawHooks on, Meta's
// own {entry[...], instanceId}. InstanceID is not authentication.
//
// https://docs.1msg.io/
type oneMsgPush struct {
	InstanceID flexString      `json:"instanceId"`
	Messages   []oneMsgMessage `json:"messages"`
	Ack        []oneMsgAck     `json:"ack"`
	Entry      []cloudEntry    `json:"entry"`
}

// oneMsgMessage is a Chat-API-style message. For media, Body is a temporary
// URL and Caption the text. Reactions are messages of Type "reaction"
// (UNVERIFIED mapping: Body the emoji, QuotedMsgID the target).
type oneMsgMessage struct {
	ID          flexString `json:"id"`
	Type        string     `json:"type"`
	Body        flexString `json:"body"`
	Caption     flexString `json:"caption"`
	Time        flexNumber `json:"time"` // Unix seconds, string or number
	ChatID      flexString `json:"chatId"`
	Author      flexString `json:"author"`
	FromMe      flexBool   `json:"fromMe"`
	SenderName  flexString `json:"senderName"`
	ChatName    flexString `json:"chatName"`
	QuotedMsgID flexString `json:"quotedMsgId"`
}

// oneMsgAck is a delivery status. Status is sent, delivered, read, failed
// (legacy "viewed" = read); Error explains a failure in words.
type oneMsgAck struct {
	ID     flexString  `json:"id"`
	Status string      `json:"status"`
	ChatID flexString  `json:"chatId"`
	Phone  flexString  `json:"phone"`
	Bsuid  flexString  `json:"bsuid"`
	Time   flexNumber  `json:"time"`
	Error  oneMsgError `json:"error"`
}

// oneMsgError is a failed ack's error: usually human text ("User's number
// is part of an experiment"), possibly a Meta error object passed through.
type oneMsgError struct {
	cloudAPIError
	UserMessage string `json:"error_user_msg"`
}

// UnmarshalJSON implements json.Unmarshaler: a string is the message; an
// object is Meta's error object; anything else is no error.
func (e *oneMsgError) UnmarshalJSON(b []byte) error {
	*e = oneMsgError{}
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if json.Unmarshal(b, &s) == nil {
			e.Message = s
		}
	case len(b) > 0 && b[0] == '{':
		type plain oneMsgError // without this method
		var p plain
		// b is valid JSON, so the only possible error is a field of another
		// type, which the decoder skipped: keep the rest.
		_ = json.Unmarshal(b, &p)
		*e = oneMsgError(p)
	}
	return nil
}

// wawpEnvelope is a Wawp (WAHA-style) webhook body: one event per POST.
// Timestamp is in milliseconds; the payload's own timestamp in seconds.
//
// https://api.wawp.net/en/docs/message, https://waha.devlike.pro/docs/how-to/events/
type wawpEnvelope struct {
	ID        flexString  `json:"id"`
	Event     string      `json:"event"`
	Session   flexString  `json:"session"`
	Timestamp flexNumber  `json:"timestamp"`
	Me        wawpMe      `json:"me"`
	Payload   wawpPayload `json:"payload"`
}

// wawpMe is the session's own account.
type wawpMe struct {
	ID       flexString `json:"id"`
	PushName flexString `json:"pushName"`
}

// wawpPayload covers the payloads of message, message.any, message.reaction
// and message.ack: WAHA's WAMessage, WAMessageReaction and ack body, and
// Wawp's flatter documented variants (chatId, senderId, messageId,
// reaction as a plain string).
type wawpPayload struct {
	ID          flexID       `json:"id"`
	Timestamp   flexNumber   `json:"timestamp"` // seconds, may be fractional
	From        flexString   `json:"from"`
	To          flexString   `json:"to"`
	ChatID      flexString   `json:"chatId"`
	Participant flexString   `json:"participant"`
	Author      flexString   `json:"author"`
	SenderID    flexString   `json:"senderId"`
	FromMe      flexBool     `json:"fromMe"`
	Type        string       `json:"type"`
	Body        flexString   `json:"body"`
	HasMedia    flexBool     `json:"hasMedia"`
	ReplyTo     flexID       `json:"replyTo"`
	Reaction    wawpReaction `json:"reaction"`
	MessageID   flexID       `json:"messageId"`
	Ack         *flexNumber  `json:"ack"`
	AckName     string       `json:"ackName"`
	Data        struct {
		Type       flexString `json:"type"`
		NotifyName flexString `json:"notifyName"` // WEBJS
		PushName   flexString `json:"pushName"`   // NOWEB
	} `json:"_data"`
}

// wawpReaction is "❤️" (Wawp's documented example) or {text, messageId}
// (WAHA). Text "" means the reaction was removed.
type wawpReaction struct {
	Text      flexString `json:"text"`
	MessageID flexID     `json:"messageId"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (r *wawpReaction) UnmarshalJSON(b []byte) error {
	*r = wawpReaction{}
	switch {
	case len(b) > 0 && b[0] == '"':
		_ = r.Text.UnmarshalJSON(b) // never fails
	case len(b) > 0 && b[0] == '{':
		type plain wawpReaction // without this method
		var p plain
		_ = json.Unmarshal(b, &p) // its fields never fail to decode
		*r = wawpReaction(p)
	}
	return nil
}
