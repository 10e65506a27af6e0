package waack

import (
	"errors"
	"fmt"
)

// ErrUnknownNumber: an event is for a business number no client of a
// Numbers serves.
var ErrUnknownNumber = errors.New("waack: event for an unknown business number")

// NumberID is which of the business's numbers the client sends from: the
// Cloud API phone number id, the 1MSG channel id, the Wawp instance id. It
// is what events carry in their NumberID field.
func (c *Client) NumberID() string { return c.ep.numberID }

// Numbers serves several business numbers from one webhook endpoint: it
// finds, for each event, the client of the number that received it, so
// that every answer goes out from the right number. Build it once with
// one client per number; it is safe for concurrent use.
//
// An event for a number it has no client for (a number added to the Meta
// app but not to your configuration) is ErrUnknownNumber, never answered
// from another number. An event whose payload names no number (some 1MSG
// and Wawp payloads) goes to the only client when there is one.
type Numbers struct {
	clients map[string]*Client // provider|number id -> client
	only    *Client            // the client when there is exactly one
}

// NewNumbers returns a Numbers over clients, which must name distinct
// numbers.
func NewNumbers(clients ...*Client) (*Numbers, error) {
	n := &Numbers{clients: make(map[string]*Client, len(clients))}
	for _, c := range clients {
		if c == nil {
			return nil, fmt.Errorf("%w: NewNumbers: nil client", ErrInvalidConfig)
		}
		key := c.Provider() + "|" + c.NumberID()
		if _, dup := n.clients[key]; dup {
			return nil, fmt.Errorf("%w: NewNumbers: two clients for %s number %s", ErrInvalidConfig, c.Provider(), c.NumberID())
		}
		n.clients[key] = c
	}
	if len(clients) == 1 {
		n.only = clients[0]
	}
	return n, nil
}

// For returns the client of the number an event is for.
func (n *Numbers) For(ev Event) (*Client, error) {
	provider, number := ev.EventProvider(), EventNumberID(ev)
	if number == "" && n.only != nil && n.only.Provider() == provider {
		return n.only, nil
	}
	if c, ok := n.clients[provider+"|"+number]; ok {
		return c, nil
	}
	return nil, fmt.Errorf("%w: %s number %q", ErrUnknownNumber, provider, number)
}

// EventNumberID is the NumberID of any event: which of the business's
// numbers it is for, "" when the payload does not say.
func EventNumberID(ev Event) string {
	switch e := ev.(type) {
	case MessageEvent:
		return e.NumberID
	case ReactionEvent:
		return e.NumberID
	case StatusEvent:
		return e.NumberID
	case NoticeEvent:
		return e.NumberID
	case EchoEvent:
		return e.NumberID
	case ErrorEvent:
		return e.NumberID
	}
	return ""
}
