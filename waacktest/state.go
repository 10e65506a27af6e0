package waacktest

import (
	"time"

	"github.com/waack/waack"
)

// The rules the real APIs document.
const (
	windowLength  = 24 * time.Hour      // customer service window after an inbound message
	reactionLimit = 30 * 24 * time.Hour // a reaction's target may be at most this old
	typingLength  = 25 * time.Second    // a typing indicator shows at most this long
)

const (
	opReact    = waack.OpReact
	opUnreact  = waack.OpUnreact
	opMarkRead = waack.OpMarkRead
	opSendText = waack.OpSendText
)

// Message types as Message.Type reports them.
const (
	TypeText     = "text"
	TypeReaction = "reaction"
	// TypeRevoke, TypeEdit and TypeSystem are notices, not messages: the
	// customer deleted (Revoke) or edited (Edit) a message, or WhatsApp
	// reports a change (SystemNotice). Their Ref is the message concerned.
	TypeRevoke = "revoke"
	TypeEdit   = "edit"
	TypeSystem = "system"
)

// business is the Reactions key of the business's own reaction.
const business = "business"

// failure is an error a status webhook reports for an accepted message.
type failure struct {
	code    int
	title   string
	details string
}

var (
	failTarget = &failure{131009, "Parameter value is not valid",
		"The message to react to is more than 30 days old, unknown in this conversation, deleted or itself a reaction."}
	failWindow = &failure{131047, "Re-engagement message",
		"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}
)

type chatKey struct {
	provider string
	number   string // the business number's id
	customer string // the customer's phone, digits only, or their BSUID (identity.go)
}

// chat is one conversation between one business number (on one provider)
// and one customer.
type chat struct {
	key         chatKey
	number      *number
	username    string    // a BSUID customer's WhatsApp username; "" for none
	lastInbound time.Time // zero before the customer wrote
	typingUntil time.Time // on the sandbox clock
	// typingRealUntil is when the indicator ends in real time (typing.go).
	typingRealUntil time.Time
	msgs            []*message
}

// statusChange is one status a business message was reported with, kept
// for 1MSG's hookInfo.
type statusChange struct {
	status waack.Status
	at     time.Time
}

func (c *chat) windowOpen(now time.Time) bool {
	return !c.lastInbound.IsZero() && now.Before(c.lastInbound.Add(windowLength))
}

type message struct {
	id        string
	chat      *chat
	inbound   bool
	kind      string // TypeText or TypeReaction
	text      string // body, or a reaction's emoji
	ref       string // a text's quoted message, a reaction's target
	at        time.Time
	status    waack.Status // business messages
	failure   *failure
	history   []statusChange    // every status reported for a business message, in order
	reactions map[string]string // who → emoji
	read      bool              // customer messages the business marked read
	tracking  string            // biz_opaque_callback_data of a Cloud API send, echoed in its statuses
	echo      bool              // a business text sent from another device or app (BusinessEcho)
	revoked   bool              // a customer text the customer deleted (Revoke)
	edited    bool              // a customer text the customer edited (Edit); text is the new one
	newPhone  string            // TypeSystem: the customer's new phone
}

// notice reports whether m is a notice rather than a message.
func (m *message) notice() bool {
	return m.kind == TypeRevoke || m.kind == TypeEdit || m.kind == TypeSystem
}

// bsuid reports whether the chat's customer is known only by a BSUID.
func (c *chat) bsuid() bool { return isBSUID(c.key.customer) }

// chatFor returns the chat of number n on provider with customer,
// creating it when create is set.
func (s *Server) chatFor(provider string, n *number, customer string, create bool) *chat {
	k := chatKey{provider, n.id, customer}
	c := s.chats[k]
	if c == nil && create {
		c = &chat{key: k, number: n}
		s.chats[k] = c
		s.chatOrder = append(s.chatOrder, c)
	}
	return c
}

// add records a new message with a fresh id in the provider's format.
func (s *Server) add(c *chat, inbound bool, kind, text, ref string) *message {
	s.seq++
	m := &message{
		id: s.dialects[c.key.provider].messageID(c.key.customer, inbound, s.seq), chat: c, inbound: inbound,
		kind: kind, text: text, ref: ref, at: s.nowLocked(),
	}
	if !inbound {
		m.status = waack.StatusSent
	}
	c.msgs = append(c.msgs, m)
	s.msgs[m.id] = m
	return m
}

// react sets (or with "" removes) who's reaction on m.
func (m *message) react(who, emoji string) {
	if emoji == "" {
		delete(m.reactions, who)
		return
	}
	if m.reactions == nil {
		m.reactions = map[string]string{}
	}
	m.reactions[who] = emoji
}

// applyReact sends a business reaction. It is always accepted; a target
// that is unknown in the chat, over 30 days old, deleted or itself a
// reaction (or a notice) makes it fail asynchronously (131009), as Meta
// documents. s.mu is held.
func (s *Server) applyReact(cmd command) outcome {
	c := s.chatFor(cmd.provider, cmd.number, cmd.customer, true)
	target := s.msgs[cmd.messageID]
	m := s.add(c, false, TypeReaction, cmd.emoji, cmd.messageID)
	m.tracking = cmd.tracking
	if target == nil || target.chat != c || target.kind == TypeReaction || target.notice() || target.revoked || m.at.Sub(target.at) > reactionLimit {
		s.fail(m, failTarget)
	} else {
		target.react(business, cmd.emoji)
		s.emitStatus(m, waack.StatusSent)
	}
	s.changedLocked()
	return outcome{id: m.id, at: m.at}
}

// applyText sends a business text: sent and delivered at once inside the
// customer service window; outside it a dialect that says so (1MSG) refuses
// it and the others accept it and report a failure (131047). s.mu is held.
func (s *Server) applyText(cmd command) outcome {
	now := s.nowLocked()
	if c := s.chatFor(cmd.provider, cmd.number, cmd.customer, false); (c == nil || !c.windowOpen(now)) && s.dialects[cmd.provider].refusesClosedWindow() {
		return outcome{refused: true}
	}
	c := s.chatFor(cmd.provider, cmd.number, cmd.customer, true)
	m := s.add(c, false, TypeText, cmd.text, cmd.replyTo)
	m.tracking = cmd.tracking
	if !c.windowOpen(now) {
		s.fail(m, failWindow)
	} else {
		c.stopTyping() // a reply dismisses the typing indicator
		s.emitStatus(m, waack.StatusSent)
		s.emitStatus(m, waack.StatusDelivered)
	}
	s.changedLocked()
	return outcome{id: m.id, at: m.at}
}

// applyRead marks customer messages read: each one named and every earlier
// customer message of its chat; with no message named (Wawp), the whole
// chat. s.mu is held.
func (s *Server) applyRead(cmd command) outcome {
	var c *chat
	if cmd.customer != "" {
		if c = s.chatFor(cmd.provider, cmd.number, cmd.customer, false); c == nil {
			return outcome{err: &apiError{status: 404, code: 100, title: "Invalid parameter",
				details: "The chat is unknown.", plain: "Chat not found"}}
		}
	}
	last := map[*chat]int{}
	for _, id := range cmd.readIDs {
		m := s.msgs[id]
		if m == nil || !m.inbound || m.chat.number != cmd.number || (c != nil && m.chat != c) {
			return outcome{err: &apiError{status: 400, code: 131009, title: "Parameter value is not valid",
				details: "The message to mark read is not a customer message of this number.", plain: "Message not found"}}
		}
		last[m.chat] = max(last[m.chat], indexOf(m))
	}
	if len(cmd.readIDs) == 0 && c != nil {
		last[c] = len(c.msgs) - 1
	}
	now := s.nowLocked()
	for ch, upTo := range last {
		for _, m := range ch.msgs[:upTo+1] {
			if m.inbound {
				m.read = true
			}
		}
		if cmd.typing {
			s.startTyping(ch, now)
		}
	}
	s.changedLocked()
	return outcome{at: now}
}

func indexOf(m *message) int {
	for i, x := range m.chat.msgs {
		if x == m {
			return i
		}
	}
	return -1
}

// fail marks a business message failed and reports it.
func (s *Server) fail(m *message, f *failure) {
	m.failure = f
	s.emitStatus(m, waack.StatusFailed)
}

// emitStatus advances a business message's status, records it in the
// message's history and reports it.
func (s *Server) emitStatus(m *message, st waack.Status) {
	m.status = st
	m.history = append(m.history, statusChange{st, s.nowLocked()})
	s.emit(m.chat, s.dialects[m.chat.key.provider].statusEvent(s, m, st))
}
