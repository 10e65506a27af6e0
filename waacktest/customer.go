package waacktest

import (
	"github.com/waack/waack"
)

// Inbound simulates a customer message: customer from (a phone number in
// any usual notation, or on the Cloud API a BSUID, see InboundBSUID)
// writes text to the business number p names (a configuration from
// CloudAPI, OneMsg, Wawp or AddNumber; an empty id means the default
// number). It
// records the message with an id in that provider's format (Cloud API and
// 1MSG "wamid.…", Wawp "false_<phone>@c.us_<key>"), opens or refreshes the
// chat's 24-hour customer service window and queues the inbound-message
// webhook. It returns the message id, or "" when p or its number is
// unknown, from is not a phone number or text is empty.
func (s *Server) Inbound(p waack.Provider, from, text string) string {
	return s.InboundReply(p, from, text, "")
}

// InboundBSUID is Inbound for a customer known only by their
// business-scoped user id (e.g. "US.13491208655302741918"), as Meta sends
// customers with a WhatsApp username since 2026, optionally with that
// username. The Cloud API webhook then carries from_user_id and no from,
// and contacts[] user_id and profile.username and no wa_id; the statuses
// of the business's messages to them carry recipient_user_id and no
// recipient_id. Answer them with the BSUID as Reaction.To, Text.To or
// Ack.From ("recipient" on the wire). It returns "" on 1MSG and Wawp,
// whose documentation gives no such customer, and for a malformed userID.
func (s *Server) InboundBSUID(p waack.Provider, userID, username, text string) string {
	if !isBSUID(userID) {
		return ""
	}
	return s.inbound(p, userID, username, text, "")
}

// InboundReply is Inbound for a customer message that quotes (replies to)
// the message replyTo.
func (s *Server) InboundReply(p waack.Provider, from, text, replyTo string) string {
	return s.inbound(p, from, "", text, replyTo)
}

func (s *Server) inbound(p waack.Provider, from, username, text, replyTo string) string {
	if text == "" {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, n, err := s.resolveLocked(p)
	if err != nil {
		return ""
	}
	who, ok := customerKey(d, from)
	if !ok {
		return ""
	}
	c := s.chatFor(d.name(), n, who, true)
	if username != "" {
		c.username = username
	}
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
	if m == nil || m.inbound || m.kind != TypeText || m.echo || m.status == waack.StatusFailed {
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
	s.mu.Lock()
	defer s.mu.Unlock()
	d, n, err := s.resolveLocked(p)
	if err != nil {
		return ""
	}
	phone, ok := customerKey(d, from)
	if !ok {
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
