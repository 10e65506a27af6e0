package waacktest

import (
	"github.com/waack/waack"
)

// Inbound simulates a customer message: customer from (a phone number in
// any usual notation) writes text to the business on provider p. It
// records the message with an id in that provider's format (Cloud API and
// 1MSG "wamid.…", Wawp "false_<phone>@c.us_<key>"), opens or refreshes the
// chat's 24-hour customer service window and queues the inbound-message
// webhook. It returns the message id, or "" when p is unknown, from is not
// a phone number or text is empty.
func (s *Server) Inbound(p waack.Provider, from, text string) string {
	return s.InboundReply(p, from, text, "")
}

// InboundReply is Inbound for a customer message that quotes (replies to)
// the message replyTo.
func (s *Server) InboundReply(p waack.Provider, from, text, replyTo string) string {
	phone, ok := phoneDigits(from)
	if !ok || text == "" {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, n, err := s.resolveLocked(p)
	if err != nil {
		return ""
	}
	c := s.chatFor(d.name(), n, phone, true)
	m := s.add(c, true, TypeText, text, replyTo)
	c.lastInbound = m.at
	s.emit(c, d.messageEvent(s, m))
	s.changedLocked()
	return m.id
}

// Read simulates the customer reading a business text: that text and
// every earlier business text of the chat that is sent or delivered become
// read, each with a read status webhook. It reports whether messageID is a
// business text that was not failed.
func (s *Server) Read(messageID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[messageID]
	if m == nil || m.inbound || m.kind != TypeText || m.status == waack.StatusFailed {
		return false
	}
	for _, x := range m.chat.msgs[:indexOf(m)+1] {
		if !x.inbound && x.kind == TypeText && (x.status == waack.StatusSent || x.status == waack.StatusDelivered) {
			s.emitStatus(x, waack.StatusRead)
		}
	}
	s.changedLocked()
	return true
}

// React simulates customer from reacting with emoji ("" removes the
// reaction) to messageID, a message of their chat on provider p. A new
// reaction replaces the customer's previous one on that message. It
// queues the reaction webhook (Cloud API: no emoji field on a removal) and,
// being a customer message, refreshes the 24-hour window. It returns the
// reaction's own message id, or "" when the target is not a text of that
// chat.
func (s *Server) React(p waack.Provider, from, messageID, emoji string) string {
	phone, ok := phoneDigits(from)
	if !ok {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, n, err := s.resolveLocked(p)
	if err != nil {
		return ""
	}
	c := s.chatFor(d.name(), n, phone, false)
	target := s.msgs[messageID]
	if c == nil || target == nil || target.chat != c || target.kind != TypeText {
		return ""
	}
	m := s.add(c, true, TypeReaction, emoji, messageID)
	c.lastInbound = m.at
	target.react(phone, emoji)
	s.emit(c, d.messageEvent(s, m))
	s.changedLocked()
	return m.id
}
