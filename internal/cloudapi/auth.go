package cloudapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/waack/waack/internal/wire"
)

// SignatureHeader carries Meta's HMAC of the body.
const SignatureHeader = "X-Hub-Signature-256"

// signatureAuth checks X-Hub-Signature-256 against every configured app
// secret (one endpoint may receive the webhooks of several Meta apps) and
// answers the GET handshake.
type signatureAuth struct {
	verifyToken string
	macs        []*sync.Pool // one pool of keyed HMACs per app secret
	insecure    bool         // InsecureSkipVerify: POSTs are not checked
}

func newSignatureAuth(s wire.Secrets) (*signatureAuth, error) {
	a := &signatureAuth{verifyToken: s.VerifyToken, insecure: s.Insecure}
	for _, secret := range s.AppSecrets {
		if strings.TrimSpace(secret) == "" {
			continue
		}
		key := []byte(secret)
		a.macs = append(a.macs, &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }})
	}
	if len(a.macs) == 0 && !a.insecure {
		return nil, wire.Refuse(wire.InvalidConfig, name+": AppSecret (or AppSecrets) is required to authenticate webhooks (or set InsecureSkipVerify)")
	}
	return a, nil
}

func (*signatureAuth) Methods() string { return "GET, POST" }

// Handshake answers Meta's subscription check with the challenge when the
// verify token matches; without a verify token every GET is refused.
func (a *signatureAuth) Handshake(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	if a.verifyToken == "" || q.Get("hub.mode") != "subscribe" || !wire.SecretEqual(q.Get("hub.verify_token"), a.verifyToken) {
		http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
		return true
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, q.Get("hub.challenge"))
	return true
}

// Begin reads the signature before the body: a request with none, a
// malformed one, or more than one signature header is refused rather than
// guessed at.
func (a *signatureAuth) Begin(r *http.Request) (func([]byte) bool, bool) {
	if a.insecure {
		return nil, true
	}
	sigs := r.Header.Values(SignatureHeader)
	if len(sigs) != 1 {
		return nil, false
	}
	digest, err := DecodeSignature(sigs[0])
	if err != nil {
		return nil, false
	}
	return func(body []byte) bool { return a.signedBy(body, &digest) }, true
}

// signedBy reports whether digest is the body's HMAC with one of the app
// secrets. It reuses keyed HMACs: keying one costs as much as hashing a
// small body. Every secret is tried, so the time taken does not say which
// one matched.
func (a *signatureAuth) signedBy(body []byte, digest *[sha256.Size]byte) bool {
	ok := false
	for _, pool := range a.macs {
		mac := pool.Get().(hash.Hash)
		mac.Reset()
		mac.Write(body)
		var sum [sha256.Size]byte
		if hmac.Equal(mac.Sum(sum[:0]), digest[:]) {
			ok = true
		}
		pool.Put(mac)
	}
	return ok
}

// Sign is the X-Hub-Signature-256 value Meta would send with body.
func Sign(body []byte, appSecret string) string {
	return "sha256=" + hex.EncodeToString(bodyMAC(body, appSecret))
}

// Verify checks a signature value against the raw body. Its errors say
// what is wrong, never a secret.
func Verify(body []byte, signature, appSecret string) error {
	if appSecret == "" {
		return errors.New("no app secret to verify with")
	}
	want, err := DecodeSignature(signature)
	if err != nil {
		return err
	}
	if !hmac.Equal(bodyMAC(body, appSecret), want[:]) {
		return errors.New("signature does not match the body")
	}
	return nil
}

// bodyMAC is the HMAC-SHA256 of the raw body: never of re-encoded JSON,
// whose escaping would differ from the bytes Meta signed.
func bodyMAC(body []byte, secret string) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return mac.Sum(nil)
}

// DecodeSignature returns the digest of a well-formed "sha256=<64 lowercase
// hex>" value. Uppercase hex is refused: Meta sends lowercase, and one
// canonical form leaves nothing to normalize.
func DecodeSignature(signature string) (digest [sha256.Size]byte, err error) {
	const prefix = "sha256="
	switch {
	case signature == "":
		return digest, errors.New("missing " + SignatureHeader)
	case !strings.HasPrefix(signature, prefix):
		return digest, errors.New("not a sha256= signature")
	case len(signature) != len(prefix)+2*sha256.Size:
		return digest, errors.New("signature is not 64 hex digits")
	}
	hexDigits := signature[len(prefix):]
	for i := range digest {
		hi, okHi := lowerHex(hexDigits[2*i])
		lo, okLo := lowerHex(hexDigits[2*i+1])
		if !okHi || !okLo {
			return digest, errors.New("signature is not lowercase hex")
		}
		digest[i] = hi<<4 | lo
	}
	return digest, nil
}

// lowerHex is the value of a lowercase hex digit.
func lowerHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}
