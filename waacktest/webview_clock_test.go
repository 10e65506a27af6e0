package waacktest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

func clockAnswer(t *testing.T, a answer) time.Time {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	assert.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"))
	now, err := time.Parse(time.RFC3339Nano, a.json(t)["now"].(string))
	require.NoError(t, err, "%s", a.body)
	assert.Equal(t, time.UTC, now.Location(), "%s", a.body)
	return now
}

func TestClockEndpointReadsAndAdvances(t *testing.T) {
	start := time.Date(2026, 4, 1, 10, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	srv := newServer(t, waacktest.WithStartTime(start))
	u := srv.URL() + "/_waack/clock"
	assert.True(t, start.Equal(clockAnswer(t, do(t, http.MethodGet, u, ""))))

	changes, cancel := srv.Subscribe()
	defer cancel()
	for _, tc := range []struct {
		advance string
		by      time.Duration
	}{
		{"25h", 25 * time.Hour},
		{"90m", 90 * time.Minute},
		{"31d", 31 * 24 * time.Hour},
		{" 1d12h ", 36 * time.Hour},
		{"1.5s", 1500 * time.Millisecond},
		{"400d", 400 * 24 * time.Hour},
	} {
		before := srv.Now()
		now := clockAnswer(t, do(t, http.MethodPost, u, js(t, map[string]string{"advance": tc.advance})))
		assert.True(t, before.Add(tc.by).Equal(now), "%s: %s → %s", tc.advance, before, now)
		assert.True(t, srv.Now().Equal(now), "the same clock as Server.Advance")
		select {
		case <-changes:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the web view was not told", tc.advance)
		}
	}
	assert.True(t, srv.Now().Equal(clockAnswer(t, do(t, http.MethodGet, u, ""))))
}

func TestClockEndpointRefusesBadInput(t *testing.T) {
	srv := newServer(t)
	u := srv.URL() + "/_waack/clock"
	before := srv.Now()
	for _, bad := range []string{
		`{"advance": ""}`, `{}`, `{"advance": "-1h"}`, `{"advance": "0s"}`, `{"advance": "0d"}`,
		`{"advance": "401d"}`, `{"advance": "9601h"}`, `{"advance": "1d-1h"}`, `{"advance": "soon"}`,
		`{"advance": "1.5d"}`, `{"advance": "d"}`, `{"advance": "99999999d"}`, `{"advance": "2562047h"}`,
		`{"advance": 3600}`, `{"advance": "1h", "extra": 1}`, `not json`,
	} {
		a := do(t, http.MethodPost, u, bad)
		assert.Equal(t, http.StatusBadRequest, a.status, "%s: %s", bad, a.body)
		assert.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"), bad)
		assert.NotEmpty(t, a.json(t)["error"], bad)
	}
	a := do(t, http.MethodPost, u, `{"advance": "-1h"}`)
	assert.Contains(t, a.json(t)["error"], "advance:")
	assert.Contains(t, a.json(t)["error"], "only moves forward")

	a = do(t, http.MethodPost, u, `{"advance": "1h"}`, "Content-Type", "application/x-www-form-urlencoded")
	assert.Equal(t, http.StatusUnsupportedMediaType, a.status, "a form from another site cannot move the clock")
	a = do(t, http.MethodPut, u, `{"advance": "1h"}`)
	assert.Equal(t, http.StatusMethodNotAllowed, a.status)
	assert.Equal(t, "GET, POST", a.header.Get("Allow"))
	assert.True(t, before.Equal(srv.Now()), "nothing refused moved the clock")
}
