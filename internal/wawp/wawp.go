// Package wawp is the Wawp dialect (a hosted, WAHA-like WhatsApp API):
// /v2/send/... with instance_id and access_token in both the query and the
// JSON body, chats addressed by chat id ("16505551234@c.us"). It does no
// I/O.
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
