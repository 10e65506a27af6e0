package waack

import (
	"strings"

	"github.com/waack/waack/internal/wire"
)

// parseAddress classifies a customer address before any provider rule: a
// business-scoped user id ("US.13491208655302741918"), a chat id (anything
// with '@', checked by ChatID), or a phone (NormalizePhone). The client's
// dialect then says what it becomes on the wire, or refuses it.
func parseAddress(s string) wire.Address {
	a := wire.Address{Given: s}
	t := strings.TrimSpace(s)
	switch {
	case wire.IsBSUID(t):
		a.BSUID = t
	case strings.Contains(t, "@"):
		a.Chat, a.Err = ChatID(t)
		a.Phone = wire.PhoneOfChat(a.Chat)
	default:
		a.Phone, a.Err = NormalizePhone(t)
	}
	return a
}

// recipient is what a customer address becomes on the client's wire for a
// reaction or a text.
func (c *Client) recipient(to string) (string, error) {
	r, err := c.ep.dialect.Recipient(parseAddress(to))
	return r, inputError(err)
}

// IsBSUID reports whether s is a business-scoped user id as Meta documents
// it: two ASCII capital letters, a dot and digits, e.g.
// "US.13491208655302741918". Since 31 March 2026 Cloud API webhooks name
// customers who set a username by such an id, and may omit their phone.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
func IsBSUID(s string) bool { return wire.IsBSUID(s) }
