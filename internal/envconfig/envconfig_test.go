package envconfig

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestProviderBuildsEachProvider(t *testing.T) {
	p, err := Provider(envOf(map[string]string{
		VarPhoneNumberID: "106", VarToken: "tok", VarBaseURL: "http://127.0.0.1:1",
		VarGraphVersion: "v24.0", VarAuthHeader: "D360-API-KEY",
	}))
	require.NoError(t, err)
	assert.Equal(t, waack.CloudAPI{PhoneNumberID: "106", AccessToken: "tok", BaseURL: "http://127.0.0.1:1", Version: "v24.0", AuthHeader: "D360-API-KEY"}, p)

	p, err = Provider(envOf(map[string]string{VarProvider: "OneMsg", VarChannelID: "ch", VarToken: "tok"}))
	require.NoError(t, err)
	assert.Equal(t, waack.OneMsg{ChannelID: "ch", Token: "tok"}, p)

	p, err = Provider(envOf(map[string]string{VarProvider: "wawp", VarInstanceID: "in", VarToken: " tok "}))
	require.NoError(t, err)
	assert.Equal(t, waack.Wawp{InstanceID: "in", AccessToken: "tok"}, p)
}

func TestProviderNamesMissingVariablesNotValues(t *testing.T) {
	_, err := Provider(envOf(map[string]string{VarProvider: "1msg", VarToken: "   "}))
	var missing *MissingError
	require.ErrorAs(t, err, &missing)
	assert.Equal(t, []string{VarChannelID, VarToken}, missing.Vars)
	assert.Equal(t, "missing environment variable(s): WAACK_CHANNEL_ID, WAACK_TOKEN", err.Error())
}

func TestProviderRejectsUnknownProvider(t *testing.T) {
	_, err := Provider(envOf(map[string]string{VarProvider: "telegram", VarToken: "secret-token"}))
	require.ErrorIs(t, err, ErrUnknownProvider)
	assert.Contains(t, err.Error(), "telegram")
	assert.NotContains(t, err.Error(), "secret-token")
}

func TestKind(t *testing.T) {
	for name, want := range map[string]waack.Provider{
		"": waack.CloudAPI{}, "cloud": waack.CloudAPI{}, "CloudAPI": waack.CloudAPI{},
		"1msg": waack.OneMsg{}, "onemsg": waack.OneMsg{}, " wawp ": waack.Wawp{},
	} {
		got, err := Kind(name)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
	_, err := Kind("whatsapp")
	assert.True(t, errors.Is(err, ErrUnknownProvider))
}
