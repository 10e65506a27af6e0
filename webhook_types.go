package waack

import "time"

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
