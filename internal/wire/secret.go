package wire

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// Where unsigned providers' webhooks (1MSG, Wawp) carry the shared secret:
// in the webhook URL registered with the provider (…/hook?secret=…) or,
// where the provider lets you set headers, in this header.
const (
	SecretQueryParam = "secret"
	SecretHeader     = "X-Waack-Secret"
)

// SecretEqual compares secrets in constant time, whatever their lengths
// (hashing first hides the length too).
func SecretEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// SharedSecret authenticates the webhooks of a provider that signs nothing:
// the request must carry secret in the "secret" query parameter or the
// X-Waack-Secret header. field names the setting in errors ("Secret").
func SharedSecret(s Secrets, provider string) (Auth, error) {
	if s.Insecure {
		return insecure{}, nil
	}
	if strings.TrimSpace(s.Secret) == "" {
		return nil, Refuse(InvalidConfig, provider+": Secret is required to authenticate webhooks (or set InsecureSkipVerify)")
	}
	return sharedSecret(s.Secret), nil
}

type sharedSecret string

func (sharedSecret) Methods() string                                   { return http.MethodPost }
func (sharedSecret) Handshake(http.ResponseWriter, *http.Request) bool { return false }

func (s sharedSecret) Begin(r *http.Request) (func([]byte) bool, bool) {
	for _, got := range []string{r.URL.Query().Get(SecretQueryParam), r.Header.Get(SecretHeader)} {
		if got != "" && SecretEqual(got, string(s)) {
			return nil, true
		}
	}
	return nil, false
}

// insecure accepts every POST: WebhookConfig.InsecureSkipVerify.
type insecure struct{}

func (insecure) Methods() string                                   { return http.MethodPost }
func (insecure) Handshake(http.ResponseWriter, *http.Request) bool { return false }
func (insecure) Begin(*http.Request) (func([]byte) bool, bool)     { return nil, true }
