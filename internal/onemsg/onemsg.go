// Package onemsg builds 1MSG requests and decodes its answers.
package onemsg

import "github.com/waack/waack/internal/wire"

// Dialect is the Cloud API dialect for one channel.
type Dialect struct{ channelID, token string }

// New returns the dialect for a channel id and token.
func New(channelID, token string) *Dialect { return &Dialect{channelID, token} }

func (d *Dialect) React(to, messageID, emoji string) wire.Request            { panic("unimplemented") }
func (d *Dialect) MarkRead(messageID, chat string, typing bool) wire.Request { panic("unimplemented") }
func (d *Dialect) SendText(to, body, replyTo string, previewURL bool) wire.Request {
	panic("unimplemented")
}
func (d *Dialect) DecodeSend(status int, body []byte) (wire.Sent, *wire.Failure) {
	panic("unimplemented")
}
func (d *Dialect) DecodeRead(status int, body []byte) *wire.Failure { panic("unimplemented") }
