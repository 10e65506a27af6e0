package waack

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadBodyReadsEverySize reads bodies around the buffer sizes, with
// and without a declared length (and with a wrong one), in small reads.
func TestReadBodyReadsEverySize(t *testing.T) {
	for _, n := range []int{0, 1, minBodyBuffer - 1, minBodyBuffer, minBodyBuffer + 1, startBodyBuffer, startBodyBuffer + 1, 3*startBodyBuffer + 7} {
		want := bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n]
		for _, declared := range []int64{int64(n), -1, 0, int64(n) / 2, int64(n) * 4} {
			got, err := readBody(iotest.HalfReader(bytes.NewReader(want)), declared)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("n %d declared %d: %d bytes, %v", n, declared, len(got), err)
			}
			putBuffer(got)
		}
	}
}

// TestReadBodyReportsReadErrors keeps the reader's error.
func TestReadBodyReportsReadErrors(t *testing.T) {
	_, err := readBody(iotest.ErrReader(iotest.ErrTimeout), 10)
	if err != iotest.ErrTimeout {
		t.Fatalf("err %v", err)
	}
}

// TestParsedEventsOutliveTheBuffer is why the handler may recycle a body
// once parsed: no event of any provider's fixtures refers to its bytes.
func TestParsedEventsOutliveTheBuffer(t *testing.T) {
	for dir, p := range map[string]Provider{"cloudapi": CloudAPI{}, "onemsg": OneMsg{}, "wawp": Wawp{}} {
		files, _ := filepath.Glob(filepath.Join("testdata", "webhooks", dir, "*.json"))
		if len(files) == 0 {
			t.Fatalf("no fixtures for %s", p.Name())
		}
		for _, f := range files {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			h := &webhookHandler{provider: p.Name(), hooks: p.webhooks(), dedup: NoDedup()}
			events, err := h.parse(body)
			if err != nil {
				continue // bad payload fixtures
			}
			before := fmt.Sprintf("%#v", events)
			copy(body, strings.Repeat("\x00", len(body)))
			if after := fmt.Sprintf("%#v", events); after != before {
				t.Fatalf("%s: events changed with the body's bytes", f)
			}
		}
	}
}

// TestNoDedupBuildsNoKeys: with NoDedup every event goes to OnEvent
// without a key; with a Deduper it has one.
func TestNoDedupBuildsNoKeys(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "webhooks", "cloudapi", "batch.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []Deduper{NoDedup(), NewMemoryDeduper(10)} {
		h := &webhookHandler{provider: ProviderCloudAPI, hooks: CloudAPI{}.webhooks(), dedup: d}
		events, err := h.parse(body)
		if err != nil || len(events) == 0 {
			t.Fatalf("%d events, %v", len(events), err)
		}
		_, off := d.(noDedup)
		keyed := 0
		for _, ke := range events {
			if ke.key != "" {
				keyed++
			}
		}
		if off && keyed > 0 || !off && keyed == 0 {
			t.Fatalf("%T: %d of %d events keyed", d, keyed, len(events))
		}
	}
}
