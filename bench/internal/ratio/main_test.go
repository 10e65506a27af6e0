package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `goos: linux
pkg: github.com/waack/waack/bench
,raw.txt,
,sec/op,CI
React/server=inproc/load=seq/impl=raw-2,0.0001,3%
React/server=inproc/load=seq/impl=waack-2,0.000112,5%
WebhookParse/events=1/impl=raw-2,1e-05,2%
WebhookParse/events=1/impl=waack-2,1.2e-05,2%
geomean,1e-05,

,raw.txt,
,sec/event,CI
WebhookParse/events=1/impl=raw-2,1e-05,2%
WebhookParse/events=1/impl=waack-2,1.2e-05,2%

,raw.txt,
,allocs/op,CI
React/server=inproc/load=seq/impl=raw-2,100,0%
React/server=inproc/load=seq/impl=waack-2,150,0%
WebhookHandlerPrior/prior=1k-2,40,0%
WebhookHandlerPrior/prior=100k-2,40,0%

,raw.txt,
,B/msg,CI
StatusTracker/op=memory-2,151.7,0%

,raw.txt,
,raw-sec/op,CI
ReactPaired/server=subproc/load=seq-2,0.0001,4%

,raw.txt,
,waack/raw,CI
ReactPaired/server=subproc/load=seq-2,1.07,1%
ReactPaired/server=none/load=seq-2,1.2,1%
WebhookParsePaired/events=100-2,1.12,1%

,raw.txt,
,allocs/op,CI
ReactPaired/server=subproc/load=seq-2,185,0%

,raw.txt,
,waack/resty,CI
ReactPairedResty/server=inproc/load=seq-2,1.05,2%
ReactPairedResty/server=subproc/load=par64-2,1.16,9%

,raw.txt,
,conns/op,CI
ReactPairedResty/server=subproc/load=par64-2,0.001,0%
ReactPairedResty/server=inproc/load=seq-2,0,0%

,raw.txt,
,allocs/op,CI
ReactPairedResty/server=inproc/load=seq-2,200,0%
`

func render(t *testing.T, in string) string {
	t.Helper()
	results, err := parseCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	writeTables(&out, results)
	return out.String()
}

func TestTablesJudgeTargets(t *testing.T) {
	out := render(t, sample)
	for _, want := range []string{
		"| React/server=inproc/load=seq | sec/op | 100µs ±3% | 112µs ±5% | 1.12× |  |",
		"| React/server=inproc/load=seq | allocs/op | 100 | 150 | 1.50× | ≤ 1.4× raw: **not met** |",
		"| WebhookParse/events=1 | sec/event | 10µs ±2% | 12µs ±2% | 1.20× |  |",
		"| WebhookHandlerPrior/prior=1k | allocs/op | 40 | same at every prior count: met |",
		"| StatusTracker/op=memory | B/msg | 151.7 | ≤ 200: met |",
		"| ReactPaired/server=subproc/load=seq | raw-sec/op | 100µs ±4% |  |",
		"| ReactPaired/server=subproc/load=seq | waack/raw | 1.07 ±1% | ≤ 1.15: met |",
		"| ReactPaired/server=none/load=seq | waack/raw | 1.20 ±1% |  |",
		"| WebhookParsePaired/events=100 | waack/raw | 1.12 ±1% | ≤ 1.05: **not met** |",
		"| ReactPairedResty/server=inproc/load=seq | waack/resty | 1.05 ±2% | ≤ 1.15: met |",
		"| ReactPairedResty/server=subproc/load=par64 | waack/resty | 1.16 ±9% | ≤ 1.15: **not met** |",
		"| ReactPairedResty/server=subproc/load=par64 | conns/op | 0.0010 | 0 new: **not met** |",
		"| ReactPairedResty/server=inproc/load=seq | conns/op | 0 | 0 new: met |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing row %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "impl=") {
		t.Errorf("impl keys leaked into the table:\n%s", out)
	}
	for _, noise := range []string{"WebhookParse/events=1 | sec/op", "ReactPaired/server=subproc/load=seq | allocs/op", "ReactPairedResty/server=inproc/load=seq | allocs/op"} {
		if strings.Contains(out, noise) {
			t.Errorf("redundant row %q shown:\n%s", noise, out)
		}
	}
}

func TestPriorAllocsMustBeEqual(t *testing.T) {
	out := render(t, strings.Replace(sample, "prior=100k-2,40,", "prior=100k-2,41,", 1))
	if !strings.Contains(out, "same at every prior count: **not met**") {
		t.Errorf("unequal allocs not flagged:\n%s", out)
	}
}

func TestParseRejectsEmptyInput(t *testing.T) {
	if _, err := parseCSV(strings.NewReader("goos: linux\n")); err == nil {
		t.Error("no error for an input without results")
	}
}

func TestSpliceReplacesOnlyTheMarkedBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	doc := "# Title\n" + startMarker + "\nold\n" + endMarker + "\ntail\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := splice(path, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := "# Title\n" + startMarker + "\nnew\n" + endMarker + "\ntail\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if err := splice(filepath.Join(t.TempDir(), "missing.md"), nil); err == nil {
		t.Error("no error for a missing file")
	}
}
