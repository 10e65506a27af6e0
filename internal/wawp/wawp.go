// Package wawp is the Wawp dialect (a hosted, WAHA-like WhatsApp API):
// /v2/send/... with instance_id and access_token in both the query and the
// JSON body, chats addressed by chat id ("16505551234@c.us"), serialized
// message ids ("false_16505551234@c.us_3EB0…"), Wawp's own error texts and
// codes, and WAHA-style webhook envelopes authenticated by a shared secret.
// It does no I/O.
//
// Reference: https://api.wawp.net/en/docs (the answers are not documented:
// decoding is lenient, see DecodeSend).
package wawp

import (
	"net/url"

	"github.com/waack/waack/internal/wire"
)

// Dialect is the Wawp dialect for one instance. Its zero value is not
// useful; build it with New.
type Dialect struct{ instanceID, accessToken string }

var _ wire.Dialect = (*Dialect)(nil)

// name is the provider's name in errors and events.
const name = "wawp"

// New returns the dialect for an instance id and its access token. Both
// arrive validated by the root package.
func New(instanceID, accessToken string) *Dialect { return &Dialect{instanceID, accessToken} }

// credentials open every body. Wawp's docs show them in the query, its
// parameter tables and MCP server in the body: sending both works with
// either reading.
type credentials struct {
	InstanceID  string `json:"instance_id"`
	AccessToken string `json:"access_token"`
}

func (d *Dialect) credentials() credentials { return credentials{d.instanceID, d.accessToken} }

// call builds a request to one /v2 endpoint. The pipeline keeps the query
// and the body out of logs and errors.
func (d *Dialect) call(method, path string, body any) wire.Request {
	return wire.Request{
		Method: method,
		Path:   path,
		Query:  url.Values{"instance_id": {d.instanceID}, "access_token": {d.accessToken}},
		Body:   wire.JSON(body),
	}
}

// Name is "wawp".
func (d *Dialect) Name() string { return name }

// Features: none. Wawp's send/seen has no typing flag, and Wawp documents
// no tracking id for its acks.
func (d *Dialect) Features() wire.Features { return wire.Features{} }

// Recipient is a chat id: the one the caller gave, or "<digits>@c.us" for
// a phone. Wawp runs on WhatsApp Web sessions, which have no Cloud API
// business-scoped user ids, so one is refused.
func (d *Dialect) Recipient(a wire.Address) (string, error) {
	switch {
	case a.Err != nil:
		return "", a.Err
	case a.BSUID != "":
		return "", wire.Refuse(wire.Unsupported, name+": Wawp documents no way to send to a business-scoped user id")
	case a.Chat != "":
		return a.Chat, nil
	}
	return a.Phone + "@c.us", nil
}

// ReadChat is the chat send/seen needs: the sender's address when given,
// else the chat embedded in a serialized message id.
func (d *Dialect) ReadChat(a wire.Address, messageID string) (string, error) {
	if a.Given != "" {
		return d.Recipient(a)
	}
	if chat, ok := ChatFromMessageID(messageID); ok {
		return chat, nil
	}
	return "", wire.Refuse(wire.InvalidPhone, name+": a read receipt needs From, or a serialized message id such as false_16505551234@c.us_3EB0…")
}

// Webhooks is the Wawp webhook dialect.
func (d *Dialect) Webhooks() wire.Webhooks { return Webhooks{} }
