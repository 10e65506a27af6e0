// Package envconfig builds a waack provider from WAACK_* environment
// variables, for the examples and the command-line tool.
package envconfig

import (
	"fmt"
	"os"
	"strings"

	"github.com/waack/waack"
)

// Provider reads WAACK_PROVIDER ("cloudapi", "1msg" or "wawp") and that
// provider's variables:
//
//	cloudapi: WAACK_PHONE_NUMBER_ID, WAACK_TOKEN, optional WAACK_BASE_URL, WAACK_GRAPH_VERSION, WAACK_AUTH_HEADER
//	1msg:     WAACK_CHANNEL_ID, WAACK_TOKEN, optional WAACK_BASE_URL
//	wawp:     WAACK_INSTANCE_ID, WAACK_TOKEN, optional WAACK_BASE_URL
//
// A missing variable is named in the error; values are never printed.
func Provider(getenv func(string) string) (waack.Provider, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var missing []string
	need := func(name string) string {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			missing = append(missing, name)
		}
		return v
	}
	var p waack.Provider
	switch name := strings.ToLower(getenv("WAACK_PROVIDER")); name {
	case "cloudapi", "cloud", "":
		p = waack.CloudAPI{
			PhoneNumberID: need("WAACK_PHONE_NUMBER_ID"),
			AccessToken:   need("WAACK_TOKEN"),
			BaseURL:       getenv("WAACK_BASE_URL"),
			Version:       getenv("WAACK_GRAPH_VERSION"),
			AuthHeader:    getenv("WAACK_AUTH_HEADER"),
		}
	case "1msg", "onemsg":
		p = waack.OneMsg{ChannelID: need("WAACK_CHANNEL_ID"), Token: need("WAACK_TOKEN"), BaseURL: getenv("WAACK_BASE_URL")}
	case "wawp":
		p = waack.Wawp{InstanceID: need("WAACK_INSTANCE_ID"), AccessToken: need("WAACK_TOKEN"), BaseURL: getenv("WAACK_BASE_URL")}
	default:
		return nil, fmt.Errorf("WAACK_PROVIDER %q is not cloudapi, 1msg or wawp", name)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing environment variable(s): %s", strings.Join(missing, ", "))
	}
	return p, nil
}
