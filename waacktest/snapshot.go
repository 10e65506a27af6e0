package waacktest

import (
	"maps"
	"time"

	"github.com/waack/waack"
)

// Direction says who wrote a message.
type Direction string

// Message directions.
const (
	FromCustomer Direction = "customer" // an inbound message (Inbound, React)
	FromBusiness Direction = "business" // sent through the API
)

// Chat is a read-only snapshot of one conversation between the business on
// one provider and one customer, for inspection and live views.
type Chat struct {
	Provider string // "cloudapi", "1msg" or "wawp"
	// Number is the business number's id (Cloud API phone number id, 1MSG
	// channel, Wawp instance) and BusinessPhone its phone, digits only.
	Number, BusinessPhone string
	// Customer is the customer's phone, digits only, or for a customer
	// known only by a BSUID (InboundBSUID) that BSUID.
	Customer string
	// UserID is the BSUID of a customer known only by it, Username their
	// WhatsApp username ("" when they have none).
	UserID, Username string
	// ChatID is how the provider names the chat: the phone for the Cloud
	// API, "<phone>@c.us" for 1MSG and Wawp.
	ChatID string
	// WindowOpenUntil is when the 24-hour customer service window closes
	// (zero when the customer never wrote); compare it with Server.Now.
	WindowOpenUntil time.Time
	// TypingUntil is when the business's typing indicator disappears on the
	// sandbox clock (zero or past when it does not show). It also ends
	// after 25 seconds of real time, and when the business replies.
	TypingUntil time.Time
	Messages    []Message // oldest first
}

// Message is a read-only snapshot of one message of a chat.
type Message struct {
	ID        string
	Direction Direction
	Type      string // TypeText, TypeReaction, or a notice: TypeRevoke, TypeEdit, TypeSystem
	// Text is a text's body or a reaction's emoji ("" for a removal).
	Text string
	// Ref is the message a text quotes or a reaction targets ("" for none).
	Ref  string
	Time time.Time
	// Status is a business message's delivery status (sent, delivered,
	// read or failed); "" for customer messages.
	Status waack.Status
	// ErrorCode is the Graph error code a failed message was reported with
	// (131009, 131047).
	ErrorCode int
	// Echo reports a business text sent from another device or app
	// (BusinessEcho), not through the API.
	Echo bool
	// Revoked and Edited report that the customer deleted or edited this
	// text (Revoke, Edit); Text is then the edited text.
	Revoked, Edited bool
	// TrackingID is the biz_opaque_callback_data a Cloud API send carried.
	TrackingID string
	// Reactions maps who ("business" or the customer's phone) to the emoji
	// they show on this message.
	Reactions map[string]string
	// Read reports whether the business marked this customer message read.
	Read bool
}

// Chats returns a snapshot of every chat, in the order they began.
func (s *Server) Chats() []Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Chat, len(s.chatOrder))
	for i, c := range s.chatOrder {
		out[i] = s.snapshotLocked(c)
	}
	return out
}

// Chat returns a snapshot of customer's chat on provider p; false when
// there is none. customer is a phone number in any usual notation.
func (s *Server) Chat(p waack.Provider, customer string) (Chat, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, n, err := s.resolveLocked(p)
	if err != nil {
		return Chat{}, false
	}
	phone, ok := customerKey(d, customer)
	if !ok {
		return Chat{}, false
	}
	c := s.chatFor(d.name(), n, phone, false)
	if c == nil {
		return Chat{}, false
	}
	return s.snapshotLocked(c), true
}

// Reactions returns who ("business" or a customer's phone) currently shows
// which emoji on messageID; nil when the message is unknown.
func (s *Server) Reactions(messageID string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[messageID]
	if m == nil {
		return nil
	}
	out := maps.Clone(m.reactions)
	if out == nil {
		out = map[string]string{}
	}
	return out
}

// IsRead reports whether the business marked customer message messageID
// read (directly or by marking a later one).
func (s *Server) IsRead(messageID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[messageID]
	return m != nil && m.read
}

func (s *Server) snapshotLocked(c *chat) Chat {
	out := Chat{
		Provider:      c.key.provider,
		Number:        c.number.id,
		BusinessPhone: c.number.phone,
		Customer:      c.key.customer,
		Username:      c.username,
		ChatID:        s.dialects[c.key.provider].chatID(c.key.customer),
		TypingUntil:   c.typingEnd(),
		Messages:      make([]Message, len(c.msgs)),
	}
	if c.bsuid() {
		out.UserID = c.key.customer
	}
	if !c.lastInbound.IsZero() {
		out.WindowOpenUntil = c.lastInbound.Add(windowLength)
	}
	for i, m := range c.msgs {
		out.Messages[i] = Message{
			ID: m.id, Direction: FromBusiness, Type: m.kind, Text: m.text, Ref: m.ref, Time: m.at,
			Status: m.status, Reactions: maps.Clone(m.reactions), Read: m.read,
			Echo: m.echo, Revoked: m.revoked, Edited: m.edited, TrackingID: m.tracking,
		}
		if m.inbound {
			out.Messages[i].Direction = FromCustomer
		}
		if m.failure != nil {
			out.Messages[i].ErrorCode = m.failure.code
		}
	}
	return out
}
