// Package envconfig builds a waack provider from WAACK_* environment
// variables for the command-line tool. The examples do not use it: they
// must build in other modules, so each reads its own environment.
package envconfig

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/waack/waack"
)

// Environment variables Provider reads.
const (
	VarProvider      = "WAACK_PROVIDER"
	VarPhoneNumberID = "WAACK_PHONE_NUMBER_ID"
	VarChannelID     = "WAACK_CHANNEL_ID"
	VarInstanceID    = "WAACK_INSTANCE_ID"
	VarToken         = "WAACK_TOKEN"
	VarBaseURL       = "WAACK_BASE_URL"
	VarGraphVersion  = "WAACK_GRAPH_VERSION"
	VarAuthHeader    = "WAACK_AUTH_HEADER"

	// The webhook secrets waack listen reads: the Meta app secret and
	// verify token (Cloud API), and the shared secret of 1MSG and Wawp
	// webhooks.
	VarAppSecret     = "WAACK_APP_SECRET"
	VarVerifyToken   = "WAACK_VERIFY_TOKEN"
	VarWebhookSecret = "WAACK_WEBHOOK_SECRET"
)

// ErrUnknownProvider: WAACK_PROVIDER names no provider waack speaks.
var ErrUnknownProvider = errors.New("unknown provider")

// MissingError names the required variables that are unset or blank, so
// that a caller can say which of its own flags would supply them.
type MissingError struct {
	Vars []string
}

// Error lists the missing variables (names only, never values).
func (e *MissingError) Error() string {
	return "missing environment variable(s): " + strings.Join(e.Vars, ", ")
}

// Kind returns the zero provider value for a provider name: "cloudapi"
// (also "cloud" and "", the default), "1msg" (also "onemsg") or "wawp",
// in any case. It is what NewWebhookHandler needs, which only looks at the
// provider's kind. Anything else wraps ErrUnknownProvider.
func Kind(name string) (waack.Provider, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case waack.ProviderCloudAPI, "cloud", "":
		return waack.CloudAPI{}, nil
	case waack.ProviderOneMsg, "onemsg":
		return waack.OneMsg{}, nil
	case waack.ProviderWawp:
		return waack.Wawp{}, nil
	}
	return nil, fmt.Errorf("%w %q: want cloudapi, 1msg or wawp", ErrUnknownProvider, name)
}

// Provider reads WAACK_PROVIDER ("cloudapi", "1msg" or "wawp") and that
// provider's variables:
//
//	cloudapi: WAACK_PHONE_NUMBER_ID, WAACK_TOKEN, optional WAACK_BASE_URL, WAACK_GRAPH_VERSION, WAACK_AUTH_HEADER
//	1msg:     WAACK_CHANNEL_ID, WAACK_TOKEN, optional WAACK_BASE_URL
//	wawp:     WAACK_INSTANCE_ID, WAACK_TOKEN, optional WAACK_BASE_URL
//
// A missing variable is named in the error (a *MissingError); an unknown
// provider wraps ErrUnknownProvider. Values are never printed.
func Provider(getenv func(string) string) (waack.Provider, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	kind, err := Kind(getenv(VarProvider))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", VarProvider, err)
	}
	var missing []string
	need := required(getenv, &missing)
	var p waack.Provider
	switch kind.(type) {
	case waack.CloudAPI:
		p = waack.CloudAPI{
			PhoneNumberID: need(VarPhoneNumberID),
			AccessToken:   need(VarToken),
			BaseURL:       getenv(VarBaseURL),
			Version:       getenv(VarGraphVersion),
			AuthHeader:    getenv(VarAuthHeader),
		}
	case waack.OneMsg:
		p = waack.OneMsg{ChannelID: need(VarChannelID), Token: need(VarToken), BaseURL: getenv(VarBaseURL)}
	default:
		p = waack.Wawp{InstanceID: need(VarInstanceID), AccessToken: need(VarToken), BaseURL: getenv(VarBaseURL)}
	}
	if len(missing) > 0 {
		return nil, &MissingError{Vars: missing}
	}
	return p, nil
}

// required returns a reader of variables that must be set, recording the
// names of those that are not.
func required(getenv func(string) string, missing *[]string) func(string) string {
	return func(name string) string {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			*missing = append(*missing, name)
		}
		return v
	}
}
