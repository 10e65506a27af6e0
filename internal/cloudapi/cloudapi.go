// Package cloudapi is the Meta WhatsApp Cloud API (Graph) dialect, also
// spoken by Dualhook numbers and Cloud-API-compatible relays: it builds the
// JSON bodies of POST /{version}/{phone-number-id}/messages, decodes Graph's
// answers and error envelopes with Graph's code table, says what an address
// becomes on the wire (a phone as "to", a business-scoped user id as
// "recipient"), and parses and authenticates webhooks. It does no I/O.
//
// Reference: https://developers.facebook.com/documentation/business-messaging/whatsapp/
package cloudapi

import (
	"net/url"

	"github.com/waack/waack/internal/wire"
)

// Dialect is the Cloud API dialect for one Graph version and business phone
// number id. Its zero value is not useful; build it with New.
type Dialect struct{ version, phoneNumberID string }

var _ wire.Dialect = (*Dialect)(nil)

// name is the provider's name in errors and events.
const name = "cloudapi"

// New returns the dialect for a Graph version (such as "v23.0") and a
// business phone number id. Both arrive validated by the root package.
func New(version, phoneNumberID string) *Dialect { return &Dialect{version, phoneNumberID} }

// messagesPath is the one endpoint every operation of this package posts to.
func (d *Dialect) messagesPath() string {
	return "/" + url.PathEscape(d.version) + "/" + url.PathEscape(d.phoneNumberID) + "/messages"
}

// Name is "cloudapi".
func (d *Dialect) Name() string { return name }

// Features: the typing indicator rides on the read receipt, and sends
// carry biz_opaque_callback_data, which Meta echoes in status webhooks.
func (d *Dialect) Features() wire.Features { return wire.Features{Typing: true, TrackingID: true} }

// Recipient is a phone's digits, or a business-scoped user id (sent as
// "recipient" instead of "to"). A person's chat id gives its digits; a
// group, LID or newsletter id is not a Cloud API recipient.
func (d *Dialect) Recipient(a wire.Address) (string, error) {
	switch {
	case a.Err != nil:
		return "", a.Err
	case a.BSUID != "":
		return a.BSUID, nil
	case a.Phone != "":
		return a.Phone, nil
	}
	return "", wire.Refuse(wire.InvalidPhone, name+": "+a.Chat+": the Cloud API sends to a phone number or a business-scoped user id, not to a chat id")
}

// ReadChat is always "": Graph finds the chat from the message id, so the
// sender's address is neither needed nor checked.
func (d *Dialect) ReadChat(wire.Address, string) (string, error) { return "", nil }

// Webhooks is the Cloud API webhook dialect.
func (d *Dialect) Webhooks() wire.Webhooks { return Webhooks{} }
