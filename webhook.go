package waack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"reflect"
	"sync"
)

// Webhook sentinels.
var (
	// ErrBadPayload: a webhook body is not a JSON object (malformed JSON,
	// empty, an array…). The handler answers it with 400.
	ErrBadPayload = errors.New("waack: bad webhook payload")
	// ErrBadSignature: a Cloud API webhook's X-Hub-Signature-256 is
	// missing, malformed or wrong. The handler answers it with 401.
	ErrBadSignature = errors.New("waack: bad webhook signature")
)

// DefaultMaxWebhookBytes caps a webhook body when WebhookConfig.MaxBodyBytes
// is 0. Meta's payloads are at most 3 MB.
const DefaultMaxWebhookBytes = 4 << 20

// Where 1MSG and Wawp webhooks carry WebhookConfig.Secret: neither provider
// signs its requests, so the secret goes into the webhook URL you register
// (https://example.com/hook?secret=…) or, where the provider lets you set
// headers, into this header.
const (
	SecretQueryParam = "secret"
	SecretHeader     = "X-Waack-Secret"
)

// cloudSignatureHeader carries Meta's HMAC of the body.
const cloudSignatureHeader = "X-Hub-Signature-256"

// WebhookConfig configures NewWebhookHandler.
type WebhookConfig struct {
	// AppSecret is the Meta app secret that signs Cloud API webhooks
	// (X-Hub-Signature-256). Required for CloudAPI unless InsecureSkipVerify.
	AppSecret string
	// VerifyToken answers Meta's GET subscription handshake. Without one,
	// every GET is refused (403).
	VerifyToken string
	// Secret authenticates 1MSG and Wawp webhooks, which are not signed: put
	// it in the registered URL as ?secret=… or send it in X-Waack-Secret.
	// Required for OneMsg and Wawp unless InsecureSkipVerify.
	Secret string
	// MaxBodyBytes caps the body (413 above it). 0 means
	// DefaultMaxWebhookBytes.
	MaxBodyBytes int64
	// OnEvent receives each event, in order. An error (or panic) answers
	// 500 so that the provider redelivers; events handled before it stay
	// handled and are skipped on redelivery. Required.
	OnEvent func(context.Context, Event) error
	// Dedup drops redelivered events before OnEvent. nil means a built-in
	// in-memory Deduper of DefaultDedupCapacity keys (one per handler);
	// NoDedup() turns de-duplication off.
	Dedup Deduper
	// InsecureSkipVerify accepts unauthenticated POSTs: no signature or
	// secret is checked, even if one is set. Use it only when you cannot
	// hold the signing secret (Dualhook numbers are signed with Dualhook's
	// own app secret) and the endpoint is protected some other way (an
	// unguessable path, mTLS, an IP allow-list).
	InsecureSkipVerify bool
}

// NewWebhookHandler returns the http.Handler for the webhooks of provider
// p (a CloudAPI, OneMsg or Wawp value; only its kind matters, a zero value
// will do). It
//
//   - answers Meta's GET handshake (CloudAPI only): hub.mode=subscribe and
//     hub.verify_token equal to VerifyToken → 200 with hub.challenge as
//     text/plain; anything else → 403;
//   - authenticates a POST before reading it further: CloudAPI by
//     X-Hub-Signature-256, exactly "sha256=" and 64 lowercase hex digits of
//     the HMAC-SHA256 of the raw body with AppSecret; OneMsg and Wawp by
//     Secret in the "secret" query parameter or the X-Waack-Secret header;
//     missing or wrong → 401;
//   - caps the body (413), parses it (400 if it is not a JSON object) and
//     passes each event to OnEvent, skipping those the Deduper has seen;
//   - answers 200, or 500 when OnEvent or the Deduper failed, so that the
//     provider delivers the body again; other methods get 405.
//
// Comparisons of secrets take constant time, and no secret appears in an
// answer. It refuses (ErrInvalidConfig) a nil OnEvent, and a configuration
// that cannot authenticate POSTs (no AppSecret for CloudAPI, no Secret for
// OneMsg or Wawp) unless InsecureSkipVerify is set.
//
// Meta: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
func NewWebhookHandler(p Provider, cfg WebhookConfig) (http.Handler, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: webhook: no provider", ErrInvalidConfig)
	}
	if v := reflect.ValueOf(p); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, fmt.Errorf("%w: webhook: nil provider", ErrInvalidConfig)
	}
	h := &webhookHandler{
		provider:    p.Name(),
		verifyToken: cfg.VerifyToken,
		maxBody:     cfg.MaxBodyBytes,
		onEvent:     cfg.OnEvent,
		dedup:       cfg.Dedup,
		verify:      !cfg.InsecureSkipVerify,
	}
	var missing string
	switch h.provider {
	case ProviderCloudAPI:
		h.secret, missing = cfg.AppSecret, "AppSecret"
		h.parse = keyedBy(ParseCloudAPIWebhook)
	case ProviderOneMsg:
		h.secret, missing = cfg.Secret, "Secret"
		h.parse = keyedBy(ParseOneMsgWebhook)
	case ProviderWawp:
		h.secret, missing = cfg.Secret, "Secret"
		h.parse = parseWawpKeyed
	default:
		return nil, fmt.Errorf("%w: webhook: unknown provider %q", ErrInvalidConfig, h.provider)
	}
	switch {
	case h.verify && h.secret == "":
		return nil, fmt.Errorf("%w: webhook: %s: %s is required to authenticate webhooks (or set InsecureSkipVerify)", ErrInvalidConfig, h.provider, missing)
	case cfg.OnEvent == nil:
		return nil, fmt.Errorf("%w: webhook: OnEvent is required", ErrInvalidConfig)
	case cfg.MaxBodyBytes < 0:
		return nil, fmt.Errorf("%w: webhook: MaxBodyBytes is negative", ErrInvalidConfig)
	}
	if h.maxBody == 0 {
		h.maxBody = DefaultMaxWebhookBytes
	}
	if h.dedup == nil {
		h.dedup = NewMemoryDeduper(DefaultDedupCapacity)
	}
	h.macs.New = func() any { return hmac.New(sha256.New, []byte(h.secret)) }
	return h, nil
}

// SignCloudAPIWebhook returns the X-Hub-Signature-256 value Meta would send
// with body: "sha256=" and the lowercase hex HMAC-SHA256 of body keyed with
// appSecret. It is for tests and local tools that post signed bodies.
func SignCloudAPIWebhook(body []byte, appSecret string) string {
	return "sha256=" + hex.EncodeToString(bodyMAC(body, appSecret))
}

// bodyMAC is the HMAC-SHA256 of the raw body: never of re-encoded JSON,
// whose escaping would differ from the bytes Meta signed.
func bodyMAC(body []byte, secret string) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return mac.Sum(nil)
}

// VerifyCloudAPISignature checks a Cloud API webhook's X-Hub-Signature-256
// value against the raw body, in constant time. The value must be
// "sha256=" followed by exactly 64 lowercase hex digits, as Meta sends it;
// anything else (sha1=, another length, uppercase) is rejected. Every
// failure wraps ErrBadSignature. Use it when you parse with
// ParseCloudAPIWebhook instead of NewWebhookHandler.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
func VerifyCloudAPISignature(body []byte, signature, appSecret string) error {
	if appSecret == "" {
		return fmt.Errorf("%w: no app secret to verify with", ErrBadSignature)
	}
	want, err := decodeSignature(signature)
	if err != nil {
		return err
	}
	if !hmac.Equal(bodyMAC(body, appSecret), want[:]) {
		return fmt.Errorf("%w: signature does not match the body", ErrBadSignature)
	}
	return nil
}

// decodeSignature returns the digest of a well-formed "sha256=<64 lowercase
// hex>" value. Uppercase hex is refused: Meta sends lowercase, and one
// canonical form leaves nothing to normalize.
func decodeSignature(signature string) (digest [sha256.Size]byte, err error) {
	const prefix = "sha256="
	switch {
	case signature == "":
		return digest, fmt.Errorf("%w: missing %s", ErrBadSignature, cloudSignatureHeader)
	case len(signature) < len(prefix) || signature[:len(prefix)] != prefix:
		return digest, fmt.Errorf("%w: not a sha256= signature", ErrBadSignature)
	case len(signature) != len(prefix)+2*sha256.Size:
		return digest, fmt.Errorf("%w: signature is not %d hex digits", ErrBadSignature, 2*sha256.Size)
	}
	hexDigits := signature[len(prefix):]
	for i := range digest {
		hi, okHi := lowerHex(hexDigits[2*i])
		lo, okLo := lowerHex(hexDigits[2*i+1])
		if !okHi || !okLo {
			return digest, fmt.Errorf("%w: signature is not lowercase hex", ErrBadSignature)
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

// keyedEvent is an event and its dedup key ("" = not de-duplicated).
type keyedEvent struct {
	ev  Event
	key string
}

// keyedBy adapts a parser to the handler, keying each event by its ids.
func keyedBy(parse func([]byte) ([]Event, error)) func([]byte) ([]keyedEvent, error) {
	return func(body []byte) ([]keyedEvent, error) {
		evs, err := parse(body)
		if err != nil {
			return nil, err
		}
		return keyEvents(evs, ""), nil
	}
}

// parseWawpKeyed keys Wawp events by their ids, which also catches the same
// message delivered as both "message" and "message.any", and falls back to
// the envelope's event id.
func parseWawpKeyed(body []byte) ([]keyedEvent, error) {
	evs, envelopeID, err := parseWawp(body)
	if err != nil {
		return nil, err
	}
	fallback := ""
	if envelopeID != "" {
		fallback = boundKey(ProviderWawp, "envelope", envelopeID)
	}
	return keyEvents(evs, fallback), nil
}

// keyEvents pairs events with their dedup keys; fallback keys an event
// that has no id of its own.
func keyEvents(evs []Event, fallback string) []keyedEvent {
	out := make([]keyedEvent, len(evs))
	for i, ev := range evs {
		key := dedupKey(ev)
		if key == "" {
			key = fallback
		}
		out[i] = keyedEvent{ev, key}
	}
	return out
}

// webhookHandler is the http.Handler NewWebhookHandler returns.
type webhookHandler struct {
	provider    string
	secret      string // AppSecret (CloudAPI) or Secret (OneMsg, Wawp)
	verifyToken string
	verify      bool
	maxBody     int64
	onEvent     func(context.Context, Event) error
	dedup       Deduper
	parse       func([]byte) ([]keyedEvent, error)
	macs        sync.Pool // CloudAPI: HMACs keyed with secret, reset after use
}

// ServeHTTP implements http.Handler.
func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost:
		h.receive(w, r)
	case r.Method == http.MethodGet && h.provider == ProviderCloudAPI:
		h.handshake(w, r)
	default:
		allow := http.MethodPost
		if h.provider == ProviderCloudAPI {
			allow = "GET, POST"
		}
		w.Header().Set("Allow", allow)
		reply(w, http.StatusMethodNotAllowed)
	}
}

// handshake answers Meta's subscription check with the challenge when the
// verify token matches.
func (h *webhookHandler) handshake(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if h.verifyToken == "" || q.Get("hub.mode") != "subscribe" || !secretEqual(q.Get("hub.verify_token"), h.verifyToken) {
		reply(w, http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, q.Get("hub.challenge"))
}

// receive authenticates, reads, parses and delivers a POST.
func (h *webhookHandler) receive(w http.ResponseWriter, r *http.Request) {
	var digest *[sha256.Size]byte // CloudAPI: the signature, checked once the body is read
	if h.verify {
		var ok bool
		if digest, ok = h.authenticate(r); !ok {
			reply(w, http.StatusUnauthorized)
			return
		}
	}
	if r.ContentLength > h.maxBody {
		reply(w, http.StatusRequestEntityTooLarge)
		return
	}
	body, err := readAll(http.MaxBytesReader(w, r.Body, h.maxBody), r.ContentLength)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			reply(w, http.StatusRequestEntityTooLarge)
		} else {
			reply(w, http.StatusBadRequest)
		}
		return
	}
	if digest != nil && !h.signedBy(body, digest) {
		reply(w, http.StatusUnauthorized)
		return
	}
	events, err := h.parse(body)
	if err != nil {
		reply(w, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	// Done and Release must reach the store even if the provider hung up.
	after := context.WithoutCancel(ctx)
	for _, ke := range events {
		if err := h.deliver(ctx, after, ke); err != nil {
			// Redelivery skips what was done and retries the rest.
			reply(w, http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

// authenticate checks what can be checked before the body is read. For
// CloudAPI it returns the well-formed signature's digest; a request with
// more than one signature header is refused rather than guessed at.
func (h *webhookHandler) authenticate(r *http.Request) (*[sha256.Size]byte, bool) {
	if h.provider == ProviderCloudAPI {
		sigs := r.Header.Values(cloudSignatureHeader)
		if len(sigs) != 1 {
			return nil, false
		}
		digest, err := decodeSignature(sigs[0])
		return &digest, err == nil
	}
	for _, got := range []string{r.URL.Query().Get(SecretQueryParam), r.Header.Get(SecretHeader)} {
		if got != "" && secretEqual(got, h.secret) {
			return nil, true
		}
	}
	return nil, false
}

// signedBy reports whether digest is the body's HMAC with the handler's
// secret. It reuses keyed HMACs: keying one costs as much as hashing a
// small body.
func (h *webhookHandler) signedBy(body []byte, digest *[sha256.Size]byte) bool {
	mac := h.macs.Get().(hash.Hash)
	defer h.macs.Put(mac)
	mac.Reset()
	mac.Write(body)
	var sum [sha256.Size]byte
	return hmac.Equal(mac.Sum(sum[:0]), digest[:])
}

// deliver hands one event to OnEvent unless the Deduper has seen it, and
// marks it done only once OnEvent succeeded, with the after context. A
// reservation made by Seen is released if OnEvent fails or panics.
func (h *webhookHandler) deliver(ctx, after context.Context, ke keyedEvent) error {
	if ke.key == "" {
		return h.onEvent(ctx, ke.ev)
	}
	seen, err := h.dedup.Seen(ctx, ke.key)
	if err != nil || seen {
		return err
	}
	done := false
	defer func() {
		if r, ok := h.dedup.(DedupReleaser); ok && !done {
			_ = r.Release(after, ke.key) // best effort: the answer is 500 anyway
		}
	}()
	if err := h.onEvent(ctx, ke.ev); err != nil {
		return err
	}
	if err := h.dedup.Done(after, ke.key); err != nil {
		return err
	}
	done = true
	return nil
}

// secretEqual compares secrets in constant time, whatever their lengths
// (hashing first hides the length too).
func secretEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// reply answers with a status and its standard text, never request data.
func reply(w http.ResponseWriter, code int) {
	http.Error(w, http.StatusText(code), code)
}
