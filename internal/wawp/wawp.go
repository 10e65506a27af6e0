// Package wawp builds Wawp requests and decodes its answers.
package wawp

import "github.com/waack/waack/internal/wire"

// Dialect is the Cloud API dialect for one instance.
type Dialect struct{ instanceID, accessToken string }

// New returns the dialect for a instance id and access token.
func New(instanceID, accessToken string) *Dialect { return &Dialect{instanceID, accessToken} }

func (d *Dialect) React(to, messageID, emoji string) wire.Request            { panic("unimplemented") }
func (d *Dialect) MarkRead(messageID, chat string, typing bool) wire.Request { panic("unimplemented") }
func (d *Dialect) SendText(to, body, replyTo string, previewURL bool) wire.Request {
	panic("unimplemented")
}
func (d *Dialect) DecodeSend(status int, body []byte) (wire.Sent, *wire.Failure) {
	panic("unimplemented")
}
func (d *Dialect) DecodeRead(status int, body []byte) *wire.Failure { panic("unimplemented") }
