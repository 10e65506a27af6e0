package wawp

import (
	"strings"

	"github.com/waack/waack/internal/wire"
)

// Classify is Wawp's error table, from its documentation and WAHA's: HTTP
// 400 (a missing parameter), 401 (access token), 403 (a quota or limit
// reached, or a paid feature), 404 (no such instance), 422 (not available
// on the instance's engine), 5xx; string codes "subscription_required",
// "quota_reached" and "wawp_upstream_error". Wawp's numeric codes are
// HTTP-like (an answer may say {"success":false,"code":200}), so they never
// get Graph meanings: a code from 400 to 599 is read as a status, any other
// is not classified. Wawp documents no rate-limit answer; a text naming
// one ("rate limit", "too many requests") is throttling, so that it is
// retried.
//
// https://api.wawp.net/en/docs
func Classify(e wire.ErrorInfo) wire.Class {
	c := byText(strings.ToLower(e.Type + "\n" + e.Title + "\n" + e.Message))
	if c == 0 {
		switch strings.ToLower(e.Type) {
		case "subscription_required":
			c = wire.ClassForbidden
		case "quota_reached":
			c = wire.ClassAccountRestricted
		case "wawp_upstream_error":
			c = wire.ClassUnavailable
		}
	}
	if c == 0 && e.Code >= 400 && e.Code <= 599 {
		c = wire.ClassifyStatus(e.Code)
	}
	if c == 0 {
		c = wire.ClassifyStatus(e.HTTPStatus)
	}
	if e.NotSent {
		c |= wire.ClassNotSent
	}
	return wire.Refused(c)
}

// byText reads throttling from an error text.
func byText(t string) wire.Class {
	switch {
	case strings.Contains(t, "pair rate limit"):
		return wire.ClassPairRateLimited
	case strings.Contains(t, "rate limit"), strings.Contains(t, "rate_limit"), strings.Contains(t, "too many requests"):
		return wire.ClassRateLimited
	}
	return 0
}
