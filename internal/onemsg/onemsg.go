// Package onemsg is the 1MSG channel API dialect (a Chat-API descendant):
// POST /{channelID}/{method}?token=... with JSON bodies, answered with
// {"sent": ..., "id": ...} or {"error": ...}. It does no I/O.
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
