package waack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
)

// Redirects are never followed. Following one would resend the request
// with its credentials to wherever the answer points: a relay's AuthHeader
// (e.g. D360-API-KEY) and any header the program added, 1MSG's token in the
// query (and in the Referer of the next request), Wawp's in the JSON body
// that a 307 or 308 replays, also from https to plain http. No provider
// redirects its API calls, so a 3xx comes from a wrong base URL or from
// something between waack and the provider.
//
// A 3xx is returned as the provider's answer: an *APIError with its
// HTTPStatus, never retried and never ErrOutcomeUnknown. A 301, 302, 307 or
// 308 says that the resource is at another URI and that the client should
// make the request there (RFC 9110, 15.4): the server at the base URL did
// not perform it, so a SendText that got one was not sent, and sending it
// again to the same URL would get the same answer. The redirect's body is
// not the provider's and is not read.

// redirectGuard is the resty.RedirectPolicy of every *http.Client waack
// sends through. It refuses to follow waack's requests, keeping the 3xx
// answer (http.ErrUseLastResponse): every request of a client waack alone
// uses (all), and on a client shared through WithRestyClient those whose
// context carries ownRequest; the client's other requests get next, the
// policy it had.
type redirectGuard struct {
	all  bool
	next func(req *http.Request, via []*http.Request) error
}

// Apply implements resty.RedirectPolicy.
func (g *redirectGuard) Apply(req *http.Request, via []*http.Request) error {
	if g.all || req.Context().Value(ownRequest{}) != nil {
		return http.ErrUseLastResponse
	}
	if g.next != nil {
		return g.next(req, via)
	}
	// net/http's policy when CheckRedirect is nil.
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// ownRequest marks the context of a request waack makes.
type ownRequest struct{}

func markOwn(ctx context.Context) context.Context {
	return context.WithValue(ctx, ownRequest{}, true)
}

// guardCode identifies a redirectGuard's Apply installed as CheckRedirect:
// the method values of one method share their code pointer.
var guardCode = reflect.ValueOf((&redirectGuard{}).Apply).Pointer()

// guardRedirects installs a redirectGuard as hc's CheckRedirect: one that
// refuses every redirect when waack alone uses hc (own), else one around
// the policy hc had, unless hc has a guard already (another waack client
// shares it), so that guards do not nest however many clients are built on
// one resty client. It is assigned directly rather than with resty's
// SetRedirectPolicy, whose wrapper looks the same whatever policy it
// holds, so that exchange can check, at no cost, that nobody replaced it.
func guardRedirects(hc *http.Client, own bool) {
	switch {
	case own:
		hc.CheckRedirect = (&redirectGuard{all: true}).Apply
	case !redirectsGuarded(hc):
		hc.CheckRedirect = (&redirectGuard{next: hc.CheckRedirect}).Apply
	}
}

// redirectsGuarded reports whether hc's CheckRedirect is a redirectGuard.
func redirectsGuarded(hc *http.Client) bool {
	return hc.CheckRedirect != nil && reflect.ValueOf(hc.CheckRedirect).Pointer() == guardCode
}

// errGuardRemoved: the *http.Client of a WithRestyClient client lost its
// redirect guard after New (rc.SetRedirectPolicy replaces CheckRedirect).
// Nothing is sent; a new Client from the reconfigured resty client guards
// it again.
var errGuardRemoved = fmt.Errorf("%w: the resty client's redirect policy was replaced after New; waack does not send through a client that may follow redirects", ErrInvalidConfig)

// isRedirect reports the statuses net/http would follow.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirectAnswer is the attempt of a redirect that was not followed: its
// status, without its body, which is drained (up to 64 KiB, so that the
// connection can be reused) and closed.
func redirectAnswer(resp *http.Response) attempt {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	return attempt{status: resp.StatusCode, header: resp.Header, wrote: true}
}
