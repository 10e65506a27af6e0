package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryCommandHasHelp(t *testing.T) {
	// A token in the environment must not show up as a flag default.
	vars := map[string]string{"WAACK_TOKEN": fakeToken, "WAACK_APP_SECRET": fakeToken, "WAACK_WEBHOOK_SECRET": fakeToken, "WAACK_PROVIDER": "wawp"}
	for _, c := range commands() {
		for _, args := range [][]string{{c.name, "-h"}, {c.name, "--help"}, {"help", c.name}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				o := runCmd(t, vars, args...)
				require.Equal(t, exitOK, o.code, o.stderr)
				assert.Empty(t, o.stderr)
				assert.True(t, strings.HasPrefix(o.stdout, "Usage: waack "+c.name), o.stdout)
				assert.Contains(t, o.stdout, "Examples:\n  ")
				assertNoSecrets(t, o)
				assert.NotContains(t, o.stdout, "(default wawp)", "an environment value shown as a default")
			})
		}
	}
}

func TestCallCommandsDocumentTheirFlags(t *testing.T) {
	for _, name := range []string{"react", "unreact", "read", "send", "ack"} {
		o := runCmd(t, nil, name, "-h")
		for _, flag := range []string{"--provider", "--phone-number-id", "--channel-id", "--instance-id", "--token", "--base-url", "--graph-version", "--auth-header", "--timeout duration", "--json"} {
			assert.Contains(t, o.stdout, flag, name)
		}
		assert.Contains(t, o.stdout, "(default 15s)", name)
		assert.Contains(t, o.stdout, "prefer WAACK_TOKEN", name)
	}
}

func TestOverview(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"help", "--help"}, {"help", "-h"}, {"help", "help"}, {"--help", "--help"}} {
		o := runCmd(t, nil, args...)
		require.Equal(t, exitOK, o.code)
		assert.Empty(t, o.stderr)
		for _, c := range commands() {
			assert.Contains(t, o.stdout, "  "+c.name+" ")
		}
		for _, line := range []string{"0  success", "2  usage", "3  validation", "4  API", "5  network", "1  other"} {
			assert.Contains(t, o.stdout, line)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for name, args := range map[string][]string{
		"no command":          nil,
		"unknown command":     {"frobnicate"},
		"help for unknown":    {"help", "frobnicate"},
		"help for two":        {"help", "react", "send"},
		"unknown flag":        {"react", "--nope"},
		"positional argument": {"react", "--to", "16505551234", "stray"},
		"bad duration":        {"send", "--timeout", "soon"},
		"version with args":   {"version", "x"},
	} {
		t.Run(name, func(t *testing.T) {
			o := runCmd(t, nil, args...)
			assert.Equal(t, exitUsage, o.code)
			assert.Empty(t, o.stdout)
			assert.NotEmpty(t, o.stderr)
		})
	}
}

func TestMisplacedValueIsNotEchoed(t *testing.T) {
	o := runCmd(t, nil, "send", "--json", fakeToken)
	assert.Equal(t, exitUsage, o.code)
	assertNoSecrets(t, o)
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version", "-version"} {
		o := runCmd(t, nil, arg)
		require.Equal(t, exitOK, o.code, arg)
		assert.Regexp(t, `^waack \d+\.\d+\.\d+\n$`, o.stdout, arg)
		assert.Empty(t, o.stderr, arg)
	}
}
