package waack

import (
	"strings"
	"time"
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
// StatusEvent, NoticeEvent, EchoEvent or ErrorEvent. Switch on its type.
type Event interface {
	// EventProvider is the provider that reported the event.
	EventProvider() string
	isEvent()
}

// MessageEvent is an inbound customer message. It opens or refreshes the
// chat's 24-hour customer service window. A customer's message of a type
// the provider does not support ("unsupported") is still a MessageEvent:
// the customer did write.
type MessageEvent struct {
	Provider string
	// NumberID is which of your numbers the message is for: the Cloud API
	// phone_number_id, the 1MSG channel id, the Wawp instance id; "" when
	// the payload does not say.
	NumberID string
	// BusinessPhone is that number's display phone (Cloud API).
	BusinessPhone string
	ID            string // the message id to react to or mark read
	From          string // the sender's phone; "" when the payload gives only a user id
	// ChatID is the address to answer to: the phone when there is one, else
	// the business-scoped user id (Cloud API) or the chat id (1MSG, Wawp).
	// Acknowledge(Ack{From: ev.ChatID, MessageID: ev.ID}) works for every
	// customer.
	ChatID       string
	UserID       string // the sender's business-scoped user id (BSUID), when given
	ParentUserID string // the parent BSUID, when given
	Username     string // the sender's WhatsApp username, when they set one
	GroupID      string // the group the message was posted in, "" for a direct chat
	Type         string // "text", "image", "unsupported"…, as the provider named it
	Text         string // the text, or a media caption
	ReplyTo      string // the id of the message this one quotes
	ContactName  string
	Timestamp    time.Time
}

// ReactionEvent is a customer's reaction to a message, or its removal.
type ReactionEvent struct {
	Provider      string
	NumberID      string // as in MessageEvent
	BusinessPhone string
	ID            string // the reaction's own id
	From          string // the sender's phone, "" when absent
	ChatID        string // the address to answer to, as in MessageEvent
	UserID        string // the sender's BSUID, when given
	ParentUserID  string
	Username      string
	MessageID     string // the message reacted to
	Emoji         string // "" when Removed
	Removed       bool
	Timestamp     time.Time
}

// StatusEvent is the fate of an outbound message: sent, delivered, read,
// played or failed (Err set).
type StatusEvent struct {
	Provider      string
	NumberID      string // which of your numbers sent the message, as in MessageEvent
	BusinessPhone string
	MessageID     string
	// Recipient is the customer: their phone, else their business-scoped
	// user id (Cloud API) or chat id.
	Recipient       string
	RecipientUserID string // the customer's BSUID, when given
	Status          Status
	Timestamp       time.Time
	// Pricing is how the message is billed (Cloud API), nil when the status
	// does not say (Meta sends it on "sent" and on one of delivered/read).
	Pricing *Pricing
	// TrackingID is the send's Text.TrackingID or Reaction.TrackingID,
	// echoed by the provider (biz_opaque_callback_data).
	TrackingID string
	Err        *APIError // set when Status is StatusFailed; Op is "webhook"
}

// Pricing is a status webhook's pricing: whether and how Meta bills the
// message. Billable is deprecated by Meta in favour of Type and Category.
type Pricing struct {
	Billable bool
	Category string // "service", "utility", "marketing", "authentication"…
	Type     string // "regular", "free_customer_service", "free_entry_point"
	Model    string // pricing_model: "PMP" (per message), formerly "CBP"
}

// NoticeEvent is a change to the conversation that is not a new customer
// message: the customer deleted ("revoke") or edited ("edit") an earlier
// message, or a "system" notice (e.g. the customer changed number), or
// another notice under the provider's own name. It opens no session window
// and is not acknowledged.
type NoticeEvent struct {
	Provider      string
	NumberID      string
	BusinessPhone string
	ID            string // the notice's own id
	From          string // the customer's phone, "" when absent
	ChatID        string // the address of the customer, as in MessageEvent
	UserID        string
	Kind          string // "revoke", "edit", "system", or the provider's name
	MessageID     string // the message concerned (deleted or edited), when given
	Text          string // the edited text, or the system notice's text
	Timestamp     time.Time
}

// EchoEvent is a message the business sent itself from another device or
// app: a coexistence number's WhatsApp Business app (Cloud API
// smb_message_echoes), or 1MSG's and Wawp's fromMe messages. It is not a
// customer message: it opens no session window and is not acknowledged.
type EchoEvent struct {
	Provider      string
	NumberID      string
	BusinessPhone string
	ID            string
	To            string // the customer the business wrote to
	Type          string
	Text          string
	Timestamp     time.Time
}

// ErrorEvent is an error the provider reported outside any one message
// (Cloud API value.errors, e.g. 130429).
type ErrorEvent struct {
	Provider string
	NumberID string
	Err      *APIError
}

// EventProvider implements Event.
func (e MessageEvent) EventProvider() string { return e.Provider }

// EventProvider implements Event.
func (e ReactionEvent) EventProvider() string { return e.Provider }

// EventProvider implements Event.
func (e StatusEvent) EventProvider() string { return e.Provider }

// EventProvider implements Event.
func (e NoticeEvent) EventProvider() string { return e.Provider }

// EventProvider implements Event.
func (e EchoEvent) EventProvider() string { return e.Provider }

// EventProvider implements Event.
func (e ErrorEvent) EventProvider() string { return e.Provider }

func (MessageEvent) isEvent()  {}
func (ReactionEvent) isEvent() {}
func (StatusEvent) isEvent()   {}
func (NoticeEvent) isEvent()   {}
func (EchoEvent) isEvent()     {}
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
