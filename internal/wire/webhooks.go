package wire

import "net/http"

// Webhooks is a provider's webhook dialect: how its deliveries are
// authenticated and how a body becomes events.
type Webhooks interface {
	// Auth returns the authenticator for the configured secrets, or an
	// *InputError (Kind InvalidConfig) naming the secret the provider
	// needs when it is missing.
	Auth(s Secrets) (Auth, error)
	// Parse decodes a body and calls emit for each event, in order, with
	// the same *Event (reset between events). A body that is not the
	// provider's format is an *InputError of Kind BadPayload.
	Parse(body []byte, emit func(*Event)) error
}

// Secrets are the webhook settings a provider may need.
type Secrets struct {
	AppSecrets  []string // Meta app secrets (any one verifies a signature)
	VerifyToken string   // Meta's GET handshake
	Secret      string   // the shared secret of unsigned providers
	// Insecure accepts every POST unchecked (InsecureSkipVerify): Auth then
	// needs no secret, and Begin always succeeds.
	Insecure bool
}

// Auth authenticates webhook deliveries.
type Auth interface {
	// Methods is the Allow header: "POST", or "GET, POST" with a handshake.
	Methods() string
	// Handshake answers a GET (a subscription check); it reports false
	// when the provider has none, and the handler answers 405.
	Handshake(w http.ResponseWriter, r *http.Request) bool
	// Begin checks what can be checked before the body is read. It
	// returns the check of the body, or false to refuse (401).
	Begin(r *http.Request) (check func(body []byte) bool, ok bool)
}
