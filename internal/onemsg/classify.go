package onemsg

import (
	"github.com/waack/waack/internal/cloudapi"
	"github.com/waack/waack/internal/wire"
)

// Classify is 1MSG's error table. 1MSG answers with HTTP 400 (invalid
// parameters), 401 (token), 402 (the channel is not paid for), 403, 404
// (no such channel or method), 429 (rate limit) and 5xx, and with HTTP 200
// "sent": false for a message it did not send; its reasons are words. A
// numeric code is Meta's, passed through (an error object, or a failed
// ack's Meta title mapped back to its code), and is read with Graph's
// table, except a code equal to the HTTP status, which is only the status
// repeated.
//
// https://docs.1msg.io/
func Classify(e wire.ErrorInfo) wire.Class {
	var c wire.Class
	if e.Code != e.HTTPStatus {
		c = cloudapi.ClassifyCode(e.Code, e.Op)
	}
	if c == 0 {
		switch e.HTTPStatus {
		case 402:
			c = wire.ClassAccountRestricted
		default:
			c = wire.ClassifyStatus(e.HTTPStatus)
		}
	}
	if e.NotSent {
		c |= wire.ClassNotSent
	}
	if e.WindowClosed {
		c |= wire.ClassWindowClosed
	}
	return wire.Refused(c)
}
