// Package cloudapi is the Meta WhatsApp Cloud API (Graph) dialect: it builds
// the JSON bodies of POST /{version}/{phone-number-id}/messages and decodes
// Graph's answers and error envelopes. It does no I/O.
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

// New returns the dialect for a Graph version (such as "v23.0") and a
// business phone number id. Both arrive validated by the root package.
func New(version, phoneNumberID string) *Dialect { return &Dialect{version, phoneNumberID} }

// messagesPath is the one endpoint every operation of this package posts to.
func (d *Dialect) messagesPath() string {
	return "/" + url.PathEscape(d.version) + "/" + url.PathEscape(d.phoneNumberID) + "/messages"
}
