package waacktest

import (
	"slices"
	"strings"
	"time"

	"github.com/waack/waack"
)

// viewState is what the web view draws: every chat as the customer's phone
// shows it, with what depends on the sandbox clock (typing, window) worked
// out here so the page never needs a clock of its own.
type viewState struct {
	Now      time.Time  `json:"now"`      // the sandbox clock
	Business string     `json:"business"` // the business number, digits only
	Chats    []viewChat `json:"chats"`    // in the order they began
}

type viewChat struct {
	// Key names the chat on the page: provider:customer on the default
	// number, provider:number:customer on the others.
	Key             string        `json:"key"`
	Provider        string        `json:"provider"`
	Number          string        `json:"number"`
	BusinessPhone   string        `json:"businessPhone"`
	Customer        string        `json:"customer"`
	UserID          string        `json:"userId,omitempty"`
	Username        string        `json:"username,omitempty"`
	ChatID          string        `json:"chatId"`
	WindowOpen      bool          `json:"windowOpen"`
	WindowOpenUntil time.Time     `json:"windowOpenUntil,omitzero"`
	Typing          bool          `json:"typing"` // the business's typing indicator shows now
	TypingUntil     time.Time     `json:"typingUntil,omitzero"`
	Messages        []viewMessage `json:"messages"`
}

type viewMessage struct {
	ID        string         `json:"id"`
	From      Direction      `json:"from"`
	Type      string         `json:"type"`
	Text      string         `json:"text"`
	Ref       string         `json:"ref,omitempty"`
	Time      time.Time      `json:"time"`
	Status    waack.Status   `json:"status,omitempty"`
	ErrorCode int            `json:"errorCode,omitempty"`
	Reactions []viewReaction `json:"reactions,omitempty"`
	Read      bool           `json:"read,omitempty"`
	Echo      bool           `json:"echo,omitempty"`
	Revoked   bool           `json:"revoked,omitempty"`
	Edited    bool           `json:"edited,omitempty"`
}

// viewReaction is one emoji shown on a message; By is "business" or
// "customer" (a chat has one customer).
type viewReaction struct {
	By    string `json:"by"`
	Emoji string `json:"emoji"`
}

// viewState takes the snapshot through the public accessors, so the view
// sees exactly what a test sees.
func (s *Server) viewState() viewState {
	chats := s.Chats()
	now := s.Now() // after Chats: a typing indicator is never shown past its end
	out := viewState{Now: now, Business: s.BusinessPhone(), Chats: make([]viewChat, len(chats))}
	for i, c := range chats {
		key := c.Provider + ":" + c.Customer
		if c.Number != s.dialects[c.Provider].numberID(0) {
			key = c.Provider + ":" + c.Number + ":" + c.Customer
		}
		vc := viewChat{
			Key: key, Provider: c.Provider, Number: c.Number, BusinessPhone: c.BusinessPhone,
			Customer: c.Customer, UserID: c.UserID, Username: c.Username, ChatID: c.ChatID,
			WindowOpen: now.Before(c.WindowOpenUntil), WindowOpenUntil: c.WindowOpenUntil,
			Typing: now.Before(c.TypingUntil), TypingUntil: c.TypingUntil,
			Messages: make([]viewMessage, len(c.Messages)),
		}
		for j, m := range c.Messages {
			vc.Messages[j] = viewMessage{
				ID: m.ID, From: m.Direction, Type: m.Type, Text: m.Text, Ref: m.Ref, Time: m.Time,
				Status: m.Status, ErrorCode: m.ErrorCode, Reactions: viewReactions(m.Reactions), Read: m.Read,
				Echo: m.Echo, Revoked: m.Revoked, Edited: m.Edited,
			}
		}
		out.Chats[i] = vc
	}
	return out
}

// viewReactions orders a message's reactions, the business's first, so the
// page draws them in a stable order.
func viewReactions(byWho map[string]string) []viewReaction {
	var out []viewReaction
	for who, emoji := range byWho {
		by := "customer"
		if who == business {
			by = business
		}
		out = append(out, viewReaction{By: by, Emoji: emoji})
	}
	slices.SortFunc(out, func(a, b viewReaction) int {
		return strings.Compare(a.By, b.By) // "business" < "customer"
	})
	return out
}
