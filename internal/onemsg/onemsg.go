// Package onemsg is the 1MSG channel API dialect (a Chat-API descendant):
// POST /{channelID}/{method}?token=... with JSON bodies, answered with
// {"sent": ..., "id": ...} or {"error": ...}; its error table (1MSG's own
// answers, and Meta's codes where 1MSG passes them through); its webhooks
// (messages[] and ack[], or Meta's own entries with raw hooks on), which
// are unsigned and authenticated by a shared secret; and the channel calls
// only 1MSG has (webhook URLs, recorded statuses). It does no I/O.
//
// Reference: https://docs.1msg.io/ (OpenAPI in github.com/1msg/1msg-sdk).
package onemsg

import (
	"net/http"
	"net/url"

	"github.com/waack/waack/internal/wire"
)

// Dialect is the 1MSG dialect for one channel (instance). Its zero value is
// not useful; build it with New.
type Dialect struct{ channelID, token string }

var _ wire.Dialect = (*Dialect)(nil)

// name is the provider's name in errors and events.
const name = "1msg"

// New returns the dialect for a channel id (such as "ODI371267300") and its
// API token. Both arrive validated by the root package.
func New(channelID, token string) *Dialect { return &Dialect{channelID, token} }

// call builds a POST to one channel method. The token rides in the query,
// 1MSG's documented way to authenticate; the pipeline keeps it out of logs
// and errors.
func (d *Dialect) call(method string, body any) wire.Request {
	return wire.Request{
		Method: http.MethodPost,
		Path:   "/" + url.PathEscape(d.channelID) + "/" + method,
		Query:  url.Values{"token": {d.token}},
		Body:   wire.JSON(body),
	}
}

// Name is "1msg".
func (d *Dialect) Name() string { return name }

// Features: readMessage carries typingIndicator; 1MSG documents no
// tracking id that its acks would echo.
func (d *Dialect) Features() wire.Features { return wire.Features{Typing: true} }

// Recipient is a phone's digits, or the chat id the caller gave (groups
// and LIDs included). 1MSG documents no way to address a Cloud API
// business-scoped user id, so one is refused.
func (d *Dialect) Recipient(a wire.Address) (string, error) {
	switch {
	case a.Err != nil:
		return "", a.Err
	case a.BSUID != "":
		return "", wire.Refuse(wire.Unsupported, name+": 1MSG documents no way to send to a business-scoped user id")
	case a.Chat != "":
		return a.Chat, nil
	}
	return a.Phone, nil
}

// ReadChat is always "": readMessage names only the message, so the
// sender's address is neither needed nor checked.
func (d *Dialect) ReadChat(wire.Address, string) (string, error) { return "", nil }

// Webhooks is the 1MSG webhook dialect.
func (d *Dialect) Webhooks() wire.Webhooks { return Webhooks{} }
