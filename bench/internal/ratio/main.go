// Command ratio turns benchstat's CSV output (medians of the bench/
// benchmarks) into the Markdown table of bench/README.md: every waack
// result next to the raw baseline of the same run, their ratio, and whether
// the target for it is met. bench/run.sh runs it; it replaces the
// part of the README between the table markers.
//
//	benchstat -format csv raw.txt | go run ./bench/internal/ratio -readme bench/README.md -machine "..."
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The README part this command owns.
const (
	startMarker = "<!-- results:start -->"
	endMarker   = "<!-- results:end -->"
)

// result is one benchmark's median for one unit, as benchstat reports it.
type result struct {
	name  string // without the -GOMAXPROCS suffix
	unit  string // benchstat's unit: sec/op, B/op, allocs/op, conns/op…
	value float64
	ci    string // "±" half-width, e.g. "12%"
}

// target is an issue target: results of matching names and unit must have
// a ratio (or, for absolute targets, a value) of at most limit.
type target struct {
	name     *regexp.Regexp
	unit     string
	limit    float64
	absolute bool // limit bounds the value, not the ratio to raw
	label    string
}

// Time targets are judged on the paired benchmarks, whose ratio holds within
// a few percent; the separate ones' medians vary by ±20-40 % on a shared
// machine (see README.md) and are shown for reference.
var targets = []target{
	{regexp.MustCompile(`^ReactPaired/server=(inproc|subproc)/load=seq$`), "waack/raw", 1.15, true, "≤ 1.15"},
	{regexp.MustCompile(`^ReactPaired/server=(inproc|subproc)/load=par64$`), "waack/raw", 1.2, true, "≤ 1.2"},
	{regexp.MustCompile(`^ReactPairedResty/server=(inproc|subproc)/`), "waack/resty", 1.15, true, "≤ 1.15"},
	{regexp.MustCompile(`^React(Paired|PairedResty)?/`), "conns/op", 0, true, "0 new"},
	{regexp.MustCompile(`^React/`), "allocs/op", 1.4, false, "≤ 1.4× raw"},
	{regexp.MustCompile(`^WebhookParsePaired/`), "waack/raw", 1.05, true, "≤ 1.05"},
	{regexp.MustCompile(`^WebhookParsePaired/`), "waack/lean", 1.05, true, "≤ 1.05"},
	{regexp.MustCompile(`^WebhookParse/`), "B/op", 1, false, "≤ raw"},
	{regexp.MustCompile(`^WebhookParse/`), "allocs/op", 1, false, "≤ raw"},
	{regexp.MustCompile(`^StatusTracker/op=memory$`), "B/msg", 200, true, "≤ 200"},
}

func main() {
	readme := flag.String("readme", "", "README to update between the result markers (default: print to stdout)")
	machine := flag.String("machine", "", "Markdown lines describing the machine and the command")
	flag.Parse()
	results, err := parseCSV(os.Stdin)
	if err != nil {
		fail(err)
	}
	var out bytes.Buffer
	if *machine != "" {
		out.WriteString(strings.TrimRight(*machine, "\n") + "\n\n")
	}
	writeTables(&out, results)
	if *readme == "" {
		_, _ = os.Stdout.Write(out.Bytes())
		return
	}
	if err := splice(*readme, out.Bytes()); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ratio:", err)
	os.Exit(1)
}

var procsSuffix = regexp.MustCompile(`-\d+$`)

// parseCSV reads benchstat -format csv: per unit a header row ",<unit>,CI"
// then rows "<name>,<value>,<ci>", with blank lines and a "geomean" row
// between units, and a few "key: value" configuration lines on top.
func parseCSV(r io.Reader) ([]result, error) {
	var (
		results []result
		unit    string
	)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || !strings.Contains(line, ",") {
			continue
		}
		rec, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil || len(rec) < 2 {
			continue
		}
		switch {
		case rec[0] == "" && len(rec) >= 3 && rec[2] == "CI":
			unit = rec[1]
		case rec[0] == "" || rec[0] == "geomean" || unit == "":
		default:
			v, err := strconv.ParseFloat(rec[1], 64)
			if err != nil {
				continue
			}
			ci := ""
			if len(rec) > 2 {
				ci = rec[2]
			}
			results = append(results, result{name: procsSuffix.ReplaceAllString(rec[0], ""), unit: unit, value: v, ci: ci})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(results) == 0 {
		return nil, errors.New("no results in the input (is it benchstat -format csv?)")
	}
	return results, nil
}

// split separates "…/impl=waack/…" into the name without the impl part and
// the impl; impl is "" for benchmarks without a baseline.
func split(name string) (group, impl string) {
	parts := strings.Split(name, "/")
	kept := parts[:0]
	for _, p := range parts {
		if v, ok := strings.CutPrefix(p, "impl="); ok {
			impl = v
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "/"), impl
}

// writeTables writes the comparison table (every impl against raw) and the
// table of benchmarks that have no baseline.
func writeTables(w io.Writer, results []result) {
	// benchstat lists results unit by unit; list them benchmark by benchmark.
	order := map[string]int{}
	for _, r := range results {
		if _, ok := order[r.name]; !ok {
			order[r.name] = len(order)
		}
	}
	results = slices.DeleteFunc(slices.Clone(results), redundant(results))
	slices.SortStableFunc(results, func(a, b result) int { return order[a.name] - order[b.name] })
	raw := map[[2]string]result{}
	for _, r := range results {
		if g, impl := split(r.name); impl == "raw" {
			raw[[2]string{g, r.unit}] = r
		}
	}
	fmt.Fprintln(w, "| benchmark | unit | raw | waack | waack / raw | target |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---|")
	var alone []result
	for _, r := range results {
		g, impl := split(r.name)
		switch {
		case impl == "":
			alone = append(alone, r)
			continue
		case impl == "raw":
			continue
		}
		base, ok := raw[[2]string{g, r.unit}]
		if !ok {
			continue
		}
		ratio := math.NaN()
		if base.value != 0 {
			ratio = r.value / base.value
		}
		label := g
		if impl != "waack" {
			label += " (" + impl + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", label, r.unit,
			format(base), format(r), formatRatio(ratio), verdict(g, r, ratio))
	}
	if len(alone) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| benchmark | unit | median | target |")
	fmt.Fprintln(w, "|---|---|---:|---|")
	for _, r := range alone {
		v := verdict(r.name, r, math.NaN())
		if strings.HasPrefix(r.name, priorPrefix) && r.unit == "allocs/op" {
			v = priorVerdict(alone)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.name, r.unit, format(r), v)
	}
}

// priorPrefix names the benchmarks whose allocs/op must not depend on how
// many events the handler saw before.
const priorPrefix = "WebhookHandlerPrior/"

// priorVerdict checks that every WebhookHandlerPrior result has the same
// allocs/op.
func priorVerdict(results []result) string {
	const label = "same at every prior count"
	first := math.NaN()
	for _, r := range results {
		if !strings.HasPrefix(r.name, priorPrefix) || r.unit != "allocs/op" {
			continue
		}
		if math.IsNaN(first) {
			first = r.value
		} else if r.value != first {
			return label + ": **not met**"
		}
	}
	return label + ": met"
}

// redundant reports the results a benchmark's own metric makes noise: its
// sec/op when it reports ns per event (the same number, or that times the
// batch); its sec/op, B/op and allocs/op when it reports bytes per message
// (the cost of building a million-message structure) or times two clients
// side by side (the sum of both).
func redundant(results []result) func(result) bool {
	has := map[[2]string]bool{}
	for _, r := range results {
		has[[2]string{r.name, r.unit}] = true
	}
	return func(r result) bool {
		own := has[[2]string{r.name, "B/msg"}] || has[[2]string{r.name, "waack/raw"}] || has[[2]string{r.name, "waack/resty"}]
		switch r.unit {
		case "sec/op":
			return own || has[[2]string{r.name, "sec/event"}]
		case "B/op", "allocs/op":
			return own
		}
		return false
	}
}

// verdict is the target cell: the target and whether the median meets it.
func verdict(group string, r result, ratio float64) string {
	for _, t := range targets {
		if t.unit != r.unit || !t.name.MatchString(group) {
			continue
		}
		v := ratio
		if t.absolute {
			v = r.value
		}
		if math.IsNaN(v) {
			return t.label
		}
		// Ratios are judged as printed, to two decimals.
		if !t.absolute {
			v = math.Round(v*100) / 100
		}
		if v <= t.limit {
			return t.label + ": met"
		}
		return t.label + ": **not met**"
	}
	return ""
}

// format prints a median with benchstat's scaling of seconds and its CI.
func format(r result) string {
	v, unit := r.value, ""
	if strings.Contains(r.unit, "sec/") {
		switch {
		case v >= 1:
			unit = "s"
		case v >= 1e-3:
			v, unit = v*1e3, "ms"
		case v >= 1e-6:
			v, unit = v*1e6, "µs"
		default:
			v, unit = v*1e9, "ns"
		}
	}
	prec := decimals(v)
	if strings.HasPrefix(r.unit, "waack/") {
		prec = 2
	}
	s := strconv.FormatFloat(v, 'f', prec, 64) + unit
	if r.ci != "" && r.ci != "0%" {
		s += " ±" + r.ci
	}
	return s
}

// decimals keeps about four significant digits, none for whole numbers.
func decimals(v float64) int {
	switch a := math.Abs(v); {
	case a == math.Trunc(a) || a >= 1000:
		return 0
	case a >= 100:
		return 1
	case a >= 1:
		return 2
	}
	return 4
}

func formatRatio(r float64) string {
	if math.IsNaN(r) {
		return "–"
	}
	return strconv.FormatFloat(r, 'f', 2, 64) + "×"
}

// splice replaces what lies between the markers in the file at path.
func splice(path string, body []byte) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	start := bytes.Index(old, []byte(startMarker))
	end := bytes.Index(old, []byte(endMarker))
	if start < 0 || end < start {
		return fmt.Errorf("%s: no %s … %s block", path, startMarker, endMarker)
	}
	var out bytes.Buffer
	out.Write(old[:start+len(startMarker)])
	out.WriteString("\n")
	out.Write(body)
	out.Write(old[end:])
	return os.WriteFile(path, out.Bytes(), 0o644)
}
