package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/envconfig"
)

// providerVars pairs each provider flag with the variable it overrides.
var providerVars = []struct{ flag, env, usage string }{
	{"provider", envconfig.VarProvider, "cloudapi, 1msg or wawp (default cloudapi)"},
	{"phone-number-id", envconfig.VarPhoneNumberID, "Cloud API phone number id"},
	{"channel-id", envconfig.VarChannelID, "1MSG channel id"},
	{"instance-id", envconfig.VarInstanceID, "Wawp instance id"},
	{"token", envconfig.VarToken, "access token; prefer WAACK_TOKEN, flags are visible to other users in ps"},
	{"base-url", envconfig.VarBaseURL, "API base URL (default the provider's; https, or http on loopback)"},
	{"graph-version", envconfig.VarGraphVersion, "Cloud API Graph version (default " + waack.DefaultGraphVersion + ")"},
	{"auth-header", envconfig.VarAuthHeader, "Cloud API: header carrying the raw token, for relays (default Authorization: Bearer)"},
}

// providerFlags are the provider selection and credential flags of the call
// commands.
type providerFlags struct {
	fs     *flag.FlagSet
	values map[string]*string // by env variable
}

func addProviderFlags(fs *flag.FlagSet) *providerFlags {
	pf := &providerFlags{fs: fs, values: map[string]*string{}}
	for _, v := range providerVars {
		pf.values[v.env] = fs.String(v.flag, "", v.usage+" ["+v.env+"]")
	}
	return pf
}

func providerFlagSection() flagSection {
	s := flagSection{title: "Provider flags (each overrides the WAACK_* variable in brackets)"}
	for _, v := range providerVars {
		s.names = append(s.names, v.flag)
	}
	return s
}

// getenv is the environment with the flags that were given laid over it.
func (pf *providerFlags) getenv(base func(string) string) func(string) string {
	set := map[string]bool{}
	pf.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return func(name string) string {
		for _, v := range providerVars {
			if v.env == name && set[v.flag] {
				return *pf.values[name]
			}
		}
		return base(name)
	}
}

// tokenFlagGiven reports whether the token came on the command line.
func (pf *providerFlags) tokenFlagGiven() bool {
	given := false
	pf.fs.Visit(func(f *flag.Flag) { given = given || f.Name == "token" })
	return given
}

// provider builds the provider value. Its errors are usage errors: they name
// the flag and variable that would fix them, never a value.
func (pf *providerFlags) provider(base func(string) string) (waack.Provider, error) {
	p, err := envconfig.Provider(pf.getenv(base))
	var missing *envconfig.MissingError
	switch {
	case errors.As(err, &missing):
		var names []string
		for _, env := range missing.Vars {
			for _, v := range providerVars {
				if v.env == env {
					names = append(names, "--"+v.flag+" (or "+env+")")
				}
			}
		}
		return nil, fmt.Errorf("missing %s for provider %s", strings.Join(names, ", "), providerName(pf.getenv(base)))
	case errors.Is(err, envconfig.ErrUnknownProvider):
		return nil, fmt.Errorf("--provider (or %s): %w", envconfig.VarProvider, errors.Unwrap(err))
	}
	return p, err
}

// providerName is the canonical name of the selected provider, for messages.
func providerName(getenv func(string) string) string {
	if p, err := envconfig.Kind(getenv(envconfig.VarProvider)); err == nil {
		return p.Name()
	}
	return "?"
}
