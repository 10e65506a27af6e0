package waacktest_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden pins, byte for byte, every answer and webhook body of one
// scenario per dialect: ids and timestamps are deterministic with a fixed
// start time.
func TestGolden(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t, waacktest.WithStartTime(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)))
			rcv := hook(t, srv, d.provider(srv), "golden-secret")
			var out bytes.Buffer
			call := func(what string, a answer) answer {
				fmt.Fprintf(&out, "%s → %d %s\n", what, a.status, a.body)
				return a
			}

			in := srv.Inbound(d.provider(srv), customer, `Hi 👋 <b>&</b> https://example.com/a`)
			srv.Advance(time.Minute)
			call("react 👍", d.react(t, srv, in, "👍"))
			call("read", d.read(t, srv, in))
			text := d.sentID(t, call("text", d.text(t, srv, "On it — ✓")))
			srv.React(d.provider(srv), customer, text, "❤️")
			srv.React(d.provider(srv), customer, text, "")
			srv.Read(text)
			call("react to unknown", d.react(t, srv, "wamid.unknown", "🙂"))
			srv.Advance(25 * time.Hour)
			call("text after 25 h", d.text(t, srv, "late"))

			flush(t, srv)
			for _, p := range rcv.all() {
				fmt.Fprintf(&out, "webhook %s\n", p.body)
			}
			golden(t, filepath.Join("testdata", d.name+".golden"), out.Bytes())
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run TestGolden -update to create it")
	assert.Equal(t, string(want), string(got))
}
