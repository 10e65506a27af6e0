package waacktest

import (
	"net/http"

	"github.com/waack/waack"
)

// Adding a provider to the sandbox.
//
// The files say "one server, one dialect per provider": server.go, state.go,
// customer.go, snapshot.go, webhook.go, api.go and the web view hold the
// provider-neutral state and mechanics and never name a provider;
// dialect.go holds the interface a dialect implements and the registry.
// A fourth provider touches:
//
//   - <provider>.go: its dialect value (name, blank configuration, number
//     ids, credentials, chat and message id formats, the window rule),
//     its routes, request parsing, answers and error envelope, and its
//     public Server.<Provider>() configuration method;
//   - <provider>_webhook.go: its webhook shapes (message, status and
//     notice events), batching, and how a webhook is authenticated;
//   - <provider>_*.go for calls only it has (as onemsg_channel.go), via
//     applyOwn;
//   - dialect.go: one line in dialects();
//   - the tests: a driver in drivers_test.go (TestGolden then pins its
//     bodies in testdata/<provider>.golden) and its own <provider>_test.go;
//   - web/app.js: its display name in providerNames, and web/index.html:
//     an <option> in the New chat form.
//
// meta.go holds Meta's objects, which the Cloud API and 1MSG share.

// dialects is the registry: the one place that lists the providers the
// sandbox speaks. Everything else reaches a provider through the dialect
// interface, so a new provider is one dialect file group (see above) and
// one line here.
func dialects() []dialect {
	return []dialect{cloudDialect{}, oneMsgDialect{}, wawpDialect{}}
}

// dialect is one provider's wire format over the shared state: how its
// business numbers and configurations look, how its calls are
// authenticated, validated and answered, and how its webhooks look.
type dialect interface {
	// name is the provider's name, "cloudapi", "1msg" or "wawp".
	name() string
	numbers
	api
	webhooks
}

// numbers is how a dialect names the business's numbers, customers,
// chats and messages.
type numbers interface {
	// blank is a configuration of the provider without credentials, for
	// the web view's customer controls (the server reads only the
	// provider's name and the number id from one).
	blank() waack.Provider
	// numberOf is the business number a configuration names: the Cloud
	// API phone number id, the 1MSG channel, the Wawp instance; "" means
	// the default number.
	numberOf(p waack.Provider) string
	// numberID is the id of the sandbox's i-th number of this provider (0
	// is the default one).
	numberID(i int) string
	// config is a configuration with valid credentials for number n.
	config(s *Server, n *number) waack.Provider
	// newToken makes a random credential that looks like the provider's.
	newToken() string
	// chatID is how the provider names the chat with a customer.
	chatID(customer string) string
	// messageID builds a message id in the provider's format.
	messageID(customer string, inbound bool, seq uint64) string
	// hasBSUIDs reports whether customers known only by a business-scoped
	// user id exist on this provider (its documentation gives their wire
	// form).
	hasBSUIDs() bool
	// refusesClosedWindow reports whether a text outside the 24-hour
	// window is refused at once (1MSG) rather than accepted and then
	// reported failed (131047).
	refusesClosedWindow() bool
}

// api is the request side of a dialect.
type api interface {
	// patterns are the ServeMux patterns of its API calls.
	patterns() []string
	// parse authenticates and validates a call. It reads the numbers but
	// no other state.
	parse(s *Server, r *http.Request, body []byte) (command, *apiError)
	// applyOwn applies a call only this provider has (1MSG's channel
	// calls); ok is false for the calls every provider has. s.mu is held.
	applyOwn(s *Server, cmd command) (out outcome, ok bool)
	// answer renders an applied command's outcome.
	answer(s *Server, cmd command, out outcome) reply
	// refuse renders an error in the dialect's envelope.
	refuse(s *Server, e apiError) reply
}

// webhooks is the webhook side of a dialect.
type webhooks interface {
	// messageEvent reports a customer message (text or reaction).
	messageEvent(s *Server, m *message) event
	// statusEvent reports a business message's status (m.failure for failed).
	statusEvent(s *Server, m *message, st waack.Status) event
	// noticeEvent reports a notice (m.kind TypeRevoke, TypeEdit or
	// TypeSystem); ok is false when the provider documents no webhook for
	// that kind, and then the notice is not recorded at all.
	noticeEvent(s *Server, m *message) (ev event, ok bool)
	// echoEvent reports a business text sent from another device or app.
	echoEvent(s *Server, m *message) event
	// batchable reports whether next may follow first in one POST.
	batchable(first, next event) bool
	// webhookBody assembles the POST body of one or more events.
	webhookBody(s *Server, evs []event) []byte
	// authenticate adds the secret the way the provider does: a signature
	// header, or a query parameter.
	authenticate(req *http.Request, body []byte, secret string)
}

// noOwnCalls is embedded by dialects that have only the shared calls.
type noOwnCalls struct{}

func (noOwnCalls) applyOwn(*Server, command) (outcome, bool) { return outcome{}, false }
