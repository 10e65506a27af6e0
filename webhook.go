package waack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/waack/waack/internal/cloudapi"
	"github.com/waack/waack/internal/wire"
)

// Webhook sentinels.
var (
	// ErrBadPayload: a webhook body is not a JSON object (malformed JSON,
	// empty, an array…). The handler answers it with 400.
	ErrBadPayload = errors.New("waack: bad webhook payload")
	// ErrBadSignature: a Cloud API webhook's X-Hub-Signature-256 is
	// missing, malformed or wrong. The handler answers it with 401.
	ErrBadSignature = errors.New("waack: bad webhook signature")
	// ErrInFlight: a Deduper found the event reserved by another delivery
	// that is still being handled. The handler answers 503 with
	// Retry-After, so that the provider retries once that one is done.
	ErrInFlight = errors.New("waack: event is being handled by another delivery")
)

// DefaultMaxWebhookBytes caps a webhook body when WebhookConfig.MaxBodyBytes
// is 0. Meta's payloads are at most 3 MB.
const DefaultMaxWebhookBytes = 4 << 20

// Where 1MSG and Wawp webhooks carry WebhookConfig.Secret: neither provider
// signs its requests, so the secret goes into the webhook URL you register
// (https://example.com/hook?secret=…) or, where the provider lets you set
// headers, into this header.
const (
	SecretQueryParam = wire.SecretQueryParam // "secret"
	SecretHeader     = wire.SecretHeader     // "X-Waack-Secret"
)

// WebhookConfig configures NewWebhookHandler.
type WebhookConfig struct {
	// AppSecret is the Meta app secret that signs Cloud API webhooks
	// (X-Hub-Signature-256). CloudAPI needs it (or AppSecrets) unless
	// InsecureSkipVerify.
	AppSecret string
	// AppSecrets are more Meta app secrets: a signature made with any one
	// of them, or with AppSecret, verifies, so that one endpoint can take
	// the webhooks of several Meta apps (or a secret being rotated).
	AppSecrets []string
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
	// Logger receives the handler's error reports (a panicking OnEvent), at
	// error level, without event contents or secrets. nil: none.
	Logger *slog.Logger
	// Enqueue, when set, makes the handler answer fast and process later:
	// it stores each authenticated body as a Delivery with Enqueue and
	// answers 200 only once Enqueue returned nil (5xx when it failed or
	// panicked, so that the provider delivers again), without parsing the
	// body or calling OnEvent (OnEvent is then not required). A worker
	// hands each stored Delivery to Process, with the same WebhookConfig.
	// Enqueue must be durable: a 200 tells the provider never to redeliver.
	Enqueue func(context.Context, Delivery) error
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
//     the HMAC-SHA256 of the raw body with AppSecret or one of AppSecrets;
//     OneMsg and Wawp by Secret in the "secret" query parameter or the
//     X-Waack-Secret header; missing or wrong → 401;
//   - caps the body (413), parses it (400 if it is not a JSON object) and
//     passes each event to OnEvent, skipping those the Deduper has seen;
//   - answers 200; 500 when OnEvent failed or panicked (the panic is
//     logged, not propagated) or the Deduper failed, so that the provider
//     delivers the body again; 503 with Retry-After when another delivery
//     of the same event is still being handled (ErrInFlight), so that the
//     provider retries once it is done; other methods get 405.
//
// Comparisons of secrets take constant time, and no secret appears in an
// answer or a log line. It refuses (ErrInvalidConfig) a nil OnEvent (unless
// Enqueue is set), and a configuration that cannot authenticate POSTs (no
// AppSecret for CloudAPI, no Secret for OneMsg or Wawp; white space is no
// secret) unless InsecureSkipVerify is set. With Enqueue set, an
// authenticated body within the cap is stored, not parsed: see
// WebhookConfig.Enqueue.
//
// Meta: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
func NewWebhookHandler(p Provider, cfg WebhookConfig) (http.Handler, error) {
	if nilProvider(p) {
		return nil, fmt.Errorf("%w: webhook: no provider", ErrInvalidConfig)
	}
	hooks := p.webhooks()
	auth, err := hooks.Auth(wire.Secrets{
		AppSecrets:  append([]string{cfg.AppSecret}, cfg.AppSecrets...),
		VerifyToken: cfg.VerifyToken,
		Secret:      cfg.Secret,
		Insecure:    cfg.InsecureSkipVerify,
	})
	switch {
	case err != nil:
		return nil, fmt.Errorf("waack: webhook: %w", inputError(err))
	case cfg.OnEvent == nil && cfg.Enqueue == nil:
		return nil, fmt.Errorf("%w: webhook: OnEvent (or Enqueue) is required", ErrInvalidConfig)
	case cfg.MaxBodyBytes < 0:
		return nil, fmt.Errorf("%w: webhook: MaxBodyBytes is negative", ErrInvalidConfig)
	}
	cfg = cfg.withDefaults()
	return &webhookHandler{
		provider: p.Name(),
		hooks:    hooks,
		auth:     auth,
		maxBody:  cfg.MaxBodyBytes,
		onEvent:  cfg.OnEvent,
		enqueue:  cfg.Enqueue,
		dedup:    cfg.Dedup,
		log:      cfg.Logger,
	}, nil
}

// withDefaults fills what a zero WebhookConfig leaves out: the body cap,
// a built-in in-memory Deduper (one per handler or Processor), a logger
// that discards.
func (cfg WebhookConfig) withDefaults() WebhookConfig {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxWebhookBytes
	}
	if cfg.Dedup == nil {
		cfg.Dedup = NewMemoryDeduper(DefaultDedupCapacity)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

// SignCloudAPIWebhook returns the X-Hub-Signature-256 value Meta would send
// with body: "sha256=" and the lowercase hex HMAC-SHA256 of body keyed with
// appSecret. It is for tests and local tools that post signed bodies.
func SignCloudAPIWebhook(body []byte, appSecret string) string {
	return cloudapi.Sign(body, appSecret)
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
	if err := cloudapi.Verify(body, signature, appSecret); err != nil {
		return fmt.Errorf("%w: %s", ErrBadSignature, err.Error())
	}
	return nil
}

// keyedEvent is an event and its dedup key ("" = not de-duplicated).
type keyedEvent struct {
	ev  Event
	key string
}

// webhookHandler is the http.Handler NewWebhookHandler returns.
type webhookHandler struct {
	provider string
	hooks    wire.Webhooks
	auth     wire.Auth
	maxBody  int64
	onEvent  func(context.Context, Event) error
	enqueue  func(context.Context, Delivery) error
	dedup    Deduper
	log      *slog.Logger
}

// ServeHTTP implements http.Handler.
func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost:
		h.receive(w, r)
	case r.Method == http.MethodGet && h.auth.Handshake(w, r):
	default:
		w.Header().Set("Allow", h.auth.Methods())
		reply(w, http.StatusMethodNotAllowed)
	}
}

// receive authenticates, reads, parses and delivers a POST.
func (h *webhookHandler) receive(w http.ResponseWriter, r *http.Request) {
	check, ok := h.auth.Begin(r)
	if !ok {
		reply(w, http.StatusUnauthorized)
		return
	}
	if r.ContentLength > h.maxBody {
		reply(w, http.StatusRequestEntityTooLarge)
		return
	}
	body, err := readBody(http.MaxBytesReader(w, r.Body, h.maxBody), r.ContentLength)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			reply(w, http.StatusRequestEntityTooLarge)
		} else {
			reply(w, http.StatusBadRequest)
		}
		return
	}
	if check != nil && !check(body) {
		reply(w, http.StatusUnauthorized)
		return
	}
	if h.enqueue != nil {
		h.store(w, r, body)
		return
	}
	events, err := h.parse(body)
	putBuffer(body) // the events hold copies (webhook_read.go)
	if err != nil {
		reply(w, http.StatusBadRequest)
		return
	}
	if err := h.deliverAll(r.Context(), events); err != nil {
		h.fail(w, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// reply answers with a status and its standard text, never request data.
func reply(w http.ResponseWriter, code int) {
	http.Error(w, http.StatusText(code), code)
}
