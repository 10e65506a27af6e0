package waacktest

import (
	"github.com/waack/waack"
)

// Notices and echoes: events that are not a customer writing to the
// business. A bot must not acknowledge them, and none of them opens or
// refreshes the 24-hour window. Each is recorded in its chat (Chats shows
// it) and reported with the provider's own webhook; a provider that
// documents no webhook for one gets nothing, and the method returns "".

// Revoke simulates the customer deleting their text messageID ("delete for
// everyone"): the Cloud API sends a message of type "revoke" with
// revoke.original_message_id, Wawp WAHA's message.revoked. It returns the
// notice's own id, or "" when messageID is not a customer text that is
// still there, or on 1MSG.
func (s *Server) Revoke(messageID string) string {
	return s.customerNotice(messageID, TypeRevoke, "")
}

// Edit simulates the customer editing their text messageID to text: the
// Cloud API sends a message of type "edit" with edit.original_message_id
// and the new text, Wawp WAHA's message.edited with editedMessageId. It
// returns the notice's own id, or "" when messageID is not a customer text
// that is still there, text is empty, or on 1MSG.
func (s *Server) Edit(messageID, text string) string {
	if text == "" || !validText(text) {
		return ""
	}
	return s.customerNotice(messageID, TypeEdit, text)
}

// customerNotice records a revoke or edit of a customer text and reports
// it.
func (s *Server) customerNotice(messageID, kind, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	orig := s.msgs[messageID]
	if orig == nil || !orig.inbound || orig.kind != TypeText || orig.revoked {
		return ""
	}
	n := &message{chat: orig.chat, inbound: true, kind: kind, text: text, ref: messageID, at: s.nowLocked()}
	if !s.recordNotice(n) {
		return ""
	}
	if kind == TypeRevoke {
		orig.revoked = true
	} else {
		orig.text, orig.edited = text, true
	}
	s.changedLocked()
	return n.id
}

// SystemNotice simulates WhatsApp telling the business that customer from
// changed their number to newPhone: on the Cloud API a message of type
// "system" with system {body, wa_id: newPhone, type:
// "user_changed_number"}, without contacts, in from's chat (the chat does
// not move). It returns the notice's id, or "" when from or newPhone is
// not a phone, from has no chat with the number p names, or on 1MSG and
// Wawp, which document no such notice.
func (s *Server) SystemNotice(p waack.Provider, from, newPhone string) string {
	digits, ok := phoneDigits(newPhone)
	if !ok {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, num, err := s.resolveLocked(p)
	if err != nil {
		return ""
	}
	who, ok := customerKey(d, from)
	c := s.chatFor(d.name(), num, who, false)
	if !ok || c == nil {
		return ""
	}
	n := &message{chat: c, inbound: true, kind: TypeSystem, at: s.nowLocked(), newPhone: digits,
		text: "User " + contactName(who) + " changed from +" + who + " to +" + digits}
	if !s.recordNotice(n) {
		return ""
	}
	s.changedLocked()
	return n.id
}

// recordNotice gives a notice its id and queues its webhook; false, with
// nothing recorded, when the provider has no webhook for it. s.mu is held.
func (s *Server) recordNotice(n *message) bool {
	d := s.dialects[n.chat.key.provider]
	s.seq++
	n.id = d.messageID(n.chat.key.customer, true, s.seq)
	ev, ok := d.noticeEvent(s, n)
	if !ok {
		s.seq-- // keep the ids of what follows as they were
		return false
	}
	n.chat.msgs = append(n.chat.msgs, n)
	s.msgs[n.id] = n
	s.emit(n.chat, ev)
	return true
}

// BusinessEcho simulates the business writing text to customer to from
// another device or app (the WhatsApp Business app of a coexistence
// number, a linked phone), not through the API: the Cloud API sends an
// smb_message_echoes change, 1MSG a message with fromMe true, Wawp
// message.any with fromMe true. The echo is the business's own message:
// it gets no statuses and does not touch the 24-hour window. It returns
// its id, or "" when p or its number is unknown, to is not a customer
// address of that provider or text is empty or too long.
func (s *Server) BusinessEcho(p waack.Provider, to, text string) string {
	if !validText(text) {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, num, err := s.resolveLocked(p)
	if err != nil {
		return ""
	}
	who, ok := customerKey(d, to)
	if !ok {
		return ""
	}
	c := s.chatFor(d.name(), num, who, true)
	m := s.add(c, false, TypeText, text, "")
	m.echo, m.status = true, ""
	s.emit(c, d.echoEvent(s, m))
	s.changedLocked()
	return m.id
}
