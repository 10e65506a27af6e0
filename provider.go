package waack

import (
	"fmt"
	"net"
	"net/url"
	"reflect"
	"strings"

	"github.com/waack/waack/internal/cloudapi"
	"github.com/waack/waack/internal/onemsg"
	"github.com/waack/waack/internal/wawp"
	"github.com/waack/waack/internal/wire"
)

// Provider names, as used in APIError.Provider and in events.
const (
	ProviderCloudAPI = "cloudapi"
	ProviderOneMsg   = "1msg"
	ProviderWawp     = "wawp"
)

// DefaultGraphVersion is the Graph API version CloudAPI uses when Version is empty.
const DefaultGraphVersion = "v23.0"

// Provider is one of the provider values CloudAPI, OneMsg or Wawp: what New
// talks to and what NewWebhookHandler verifies and parses.
type Provider interface {
	// Name is "cloudapi", "1msg" or "wawp".
	Name() string
	endpoint() (endpoint, error)
	webhooks() wire.Webhooks
}

// classifiers are the providers' error tables, by provider name, so that
// an *APIError classifies by its Provider field, even one a program built.
// An error of no known provider (Provider "") reads with Graph's table,
// the one the sentinels' documentation quotes.
var classifiers = map[string]func(wire.ErrorInfo) wire.Class{
	ProviderCloudAPI: cloudapi.Classify,
	ProviderOneMsg:   onemsg.Classify,
	ProviderWawp:     wawp.Classify,
}

// knownProviders are the provider values by which providerNamed finds a
// name; their zero values are enough for parsing webhooks.
var knownProviders = [...]Provider{CloudAPI{}, OneMsg{}, Wawp{}}

// providerNamed is the provider whose Name() is name, for Process, which
// receives deliveries by name.
func providerNamed(name string) (Provider, bool) {
	for _, p := range knownProviders {
		if p.Name() == name {
			return p, true
		}
	}
	return nil, false
}

func classifierOf(provider string) func(wire.ErrorInfo) wire.Class {
	if c, ok := classifiers[provider]; ok {
		return c
	}
	return cloudapi.Classify
}

// endpoint is a validated provider configuration.
type endpoint struct {
	name     string // the dialect's name, set by New
	numberID string // which business number: phone number id, channel, instance
	baseURL  string // no trailing slash
	dialect  wire.Dialect
	header   wire.Header // set on every request; zero when the provider has none
	secrets  []string    // values never to print
}

// CloudAPI is Meta's WhatsApp Cloud API (Graph): also Dualhook numbers, which
// send straight to Graph, and Cloud-API-compatible relays such as 360dialog
// or Kapso (another BaseURL and AuthHeader, the same JSON).
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/
type CloudAPI struct {
	PhoneNumberID string
	AccessToken   string
	BaseURL       string // default "https://graph.facebook.com"
	Version       string // default DefaultGraphVersion
	// AuthHeader names the header that carries AccessToken. Empty means
	// "Authorization" with a "Bearer " prefix; any other name (e.g.
	// "D360-API-KEY" for 360dialog) carries the raw key.
	AuthHeader string
}

// Name is "cloudapi".
func (CloudAPI) Name() string { return ProviderCloudAPI }

func (CloudAPI) webhooks() wire.Webhooks { return cloudapi.Webhooks{} }

func (p CloudAPI) endpoint() (endpoint, error) {
	if err := required(ProviderCloudAPI, "PhoneNumberID", p.PhoneNumberID, "AccessToken", p.AccessToken); err != nil {
		return endpoint{}, err
	}
	if strings.ContainsAny(p.PhoneNumberID, "/?#% ") {
		return endpoint{}, fmt.Errorf("%w: cloudapi: PhoneNumberID %q is not a plain id", ErrInvalidConfig, p.PhoneNumberID)
	}
	version := p.Version
	if version == "" {
		version = DefaultGraphVersion
	}
	if strings.ContainsAny(version, "/?#% ") {
		return endpoint{}, fmt.Errorf("%w: cloudapi: Version %q is not a version such as v23.0", ErrInvalidConfig, version)
	}
	base, err := baseURL(ProviderCloudAPI, p.BaseURL, "https://graph.facebook.com")
	if err != nil {
		return endpoint{}, err
	}
	h := wire.Header{Name: "Authorization", Value: "Bearer " + p.AccessToken}
	if p.AuthHeader != "" && !strings.EqualFold(p.AuthHeader, "Authorization") {
		h = wire.Header{Name: p.AuthHeader, Value: p.AccessToken}
	}
	return endpoint{
		numberID: p.PhoneNumberID,
		baseURL:  base,
		dialect:  cloudapi.New(version, p.PhoneNumberID),
		header:   h,
		secrets:  []string{p.AccessToken},
	}, nil
}

// OneMsg is the 1MSG channel API (a Chat-API descendant). The token travels
// as the documented "token" query parameter.
//
// https://docs.1msg.io/
type OneMsg struct {
	ChannelID string
	Token     string
	BaseURL   string // default "https://api.1msg.io"
}

// Name is "1msg".
func (OneMsg) Name() string { return ProviderOneMsg }

func (OneMsg) webhooks() wire.Webhooks { return onemsg.Webhooks{} }

func (p OneMsg) endpoint() (endpoint, error) {
	if err := required(ProviderOneMsg, "ChannelID", p.ChannelID, "Token", p.Token); err != nil {
		return endpoint{}, err
	}
	if strings.ContainsAny(p.ChannelID, "/?#% ") {
		return endpoint{}, fmt.Errorf("%w: 1msg: ChannelID %q is not a plain id", ErrInvalidConfig, p.ChannelID)
	}
	base, err := baseURL(ProviderOneMsg, p.BaseURL, "https://api.1msg.io")
	if err != nil {
		return endpoint{}, err
	}
	return endpoint{
		numberID: p.ChannelID,
		baseURL:  base,
		dialect:  onemsg.New(p.ChannelID, p.Token),
		secrets:  []string{p.Token},
	}, nil
}

// Wawp is the Wawp hosted WhatsApp API (WAHA-like). instance_id and
// access_token travel in the query string and, for POST and PUT, in the
// JSON body too.
//
// https://api.wawp.net/en/docs
type Wawp struct {
	InstanceID  string
	AccessToken string
	BaseURL     string // default "https://api.wawp.net"
}

// Name is "wawp".
func (Wawp) Name() string { return ProviderWawp }

func (Wawp) webhooks() wire.Webhooks { return wawp.Webhooks{} }

func (p Wawp) endpoint() (endpoint, error) {
	if err := required(ProviderWawp, "InstanceID", p.InstanceID, "AccessToken", p.AccessToken); err != nil {
		return endpoint{}, err
	}
	base, err := baseURL(ProviderWawp, p.BaseURL, "https://api.wawp.net")
	if err != nil {
		return endpoint{}, err
	}
	return endpoint{
		numberID: p.InstanceID,
		baseURL:  base,
		dialect:  wawp.New(p.InstanceID, p.AccessToken),
		secrets:  []string{p.AccessToken},
	}, nil
}

// required checks name/value pairs; it names the missing field, never a value.
// nilProvider reports a nil pointer in a Provider interface, whose methods
// would panic.
func nilProvider(p Provider) bool {
	if p == nil {
		return true
	}
	v := reflect.ValueOf(p)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

func required(provider string, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return fmt.Errorf("%w: %s: %s is required", ErrInvalidConfig, provider, pairs[i])
		}
	}
	return nil
}

// baseURL validates a base URL: https, or http on a loopback host (tests and
// the sandbox). It returns the URL without a trailing slash.
func baseURL(provider, raw, def string) (string, error) {
	if raw == "" {
		return def, nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%w: %s: BaseURL is not an absolute URL", ErrInvalidConfig, provider)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%w: %s: BaseURL must not carry credentials, a query or a fragment", ErrInvalidConfig, provider)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("%w: %s: BaseURL must be https (plain http only on loopback)", ErrInvalidConfig, provider)
		}
	default:
		return "", fmt.Errorf("%w: %s: BaseURL scheme %q is not https", ErrInvalidConfig, provider, u.Scheme)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
