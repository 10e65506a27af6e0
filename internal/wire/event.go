package wire

import "time"

// EventKind says which public event type an Event becomes.
type EventKind uint8

// Event kinds.
const (
	KindMessage EventKind = iota + 1
	KindReaction
	KindStatus
	KindError
	KindNotice
	KindEcho
)

// Event is one thing a webhook reported, in provider-neutral form. A parser
// fills the fields its kind uses; the root package turns it into the public
// event type of Kind. One Event value is reused for every event of a body
// (see Webhooks.Parse): nothing may keep a pointer to it.
type Event struct {
	Kind EventKind

	NumberID      string // which of the business's numbers it is for
	BusinessPhone string // that number's display phone, when the payload says

	ID           string // the message's (or reaction's, notice's) own id
	From         string // the sender's phone digits, "" when absent
	ChatID       string // the address to answer to
	UserID       string // the sender's business-scoped user id
	ParentUserID string
	Username     string
	ContactName  string
	GroupID      string // the group a message was posted in

	Type    string // message type as the provider named it
	Text    string // text, caption, edited text or notice text
	ReplyTo string

	MessageID string // reaction target, status subject, notice target
	Emoji     string
	Removed   bool

	Recipient       string // status: the customer's phone (or chat)
	RecipientUserID string // status: the customer's BSUID
	Status          string // status word as the provider sent it, or mapped
	Pricing         *Pricing
	TrackingID      string // biz_opaque_callback_data

	NoticeKind string // "revoke", "edit", "system" or the provider's name
	To         string // echo: the customer the business wrote to

	Timestamp time.Time
	Err       *Failure // status and error events: what failed

	// Key is an id of last resort naming the event for de-duplication when
	// it has no id of its own (a Wawp envelope's id); "" for none.
	Key string
}

// Pricing is a status webhook's pricing object.
type Pricing struct {
	Billable bool
	Category string
	Type     string
	Model    string
}

// Reset clears e for the next event, keeping nothing of the last.
func (e *Event) Reset() { *e = Event{} }

// Empty reports an event that names nothing: what a JSON null (or {}) in
// a batch decodes to. Parsers' callers drop it rather than hand a program
// an event without ids.
func (e *Event) Empty() bool {
	if e.ID != "" || e.MessageID != "" || e.Status != "" || e.Text != "" || e.From != "" ||
		e.ChatID != "" || e.UserID != "" || e.To != "" || e.Key != "" {
		return false
	}
	f := e.Err
	return f == nil || (f.Code == 0 && f.Message == "" && f.Title == "" && f.Details == "")
}
