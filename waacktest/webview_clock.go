package waacktest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxAdvance bounds one move of the clock through /_waack/clock: far more
// than any rule needs (30 days for reactions), small enough that a typo
// cannot throw the sandbox centuries ahead.
const maxAdvance = 400 * 24 * time.Hour

// clockRoutes registers /_waack/clock: GET reads the sandbox clock, POST
// {"advance": "25h"} moves it as Server.Advance does. It lets the CLI and
// the page show the 24-hour and 30-day rules by hand.
func (s *Server) clockRoutes(mux *http.ServeMux) {
	advance := customerEndpoint(s.clockAdvance)
	mux.HandleFunc("/_waack/clock", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			writeCustomer(w, http.StatusOK, s.clockNow())
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			writeCustomer(w, http.StatusMethodNotAllowed, customerErrorBody(r.Method+" is not allowed here: use GET or POST"))
			return
		}
		advance(w, r)
	})
}

// clockOut answers both clock calls.
type clockOut struct {
	Now string `json:"now"` // RFC 3339 with nanoseconds, UTC
}

func (s *Server) clockNow() clockOut {
	return clockOut{Now: s.Now().UTC().Format(time.RFC3339Nano)}
}

// clockAdvanceIn is the body of POST /_waack/clock.
type clockAdvanceIn struct {
	Advance string `json:"advance"`
}

func (s *Server) clockAdvance(in clockAdvanceIn) (any, *customerError) {
	d, err := parseAdvance(in.Advance)
	if err != nil {
		return nil, badInput("advance: %v", err)
	}
	s.Advance(d)
	return s.clockNow(), nil
}

// parseAdvance reads a Go duration ("90m", "25h", "1h30m") that may start
// with whole days ("31d", "1d12h"), since the rules the sandbox plays are
// counted in days. It must be positive and at most 400 days.
func parseAdvance(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, fmt.Errorf(`missing: give a duration such as "1h", "25h" or "31d"`)
	}
	var d time.Duration
	rest := v
	if i := strings.IndexByte(v, 'd'); i > 0 {
		days, err := strconv.ParseUint(v[:i], 10, 16)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration such as \"1h\", \"25h\" or \"31d\"", v)
		}
		d, rest = time.Duration(days)*24*time.Hour, v[i+1:]
	}
	if rest != "" {
		more, err := time.ParseDuration(rest)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration such as \"1h\", \"25h\" or \"31d\"", v)
		}
		if more < 0 && d > 0 {
			return 0, fmt.Errorf("%q mixes days with a negative part", v)
		}
		if more > maxAdvance { // checked before adding: the sum could overflow
			return 0, fmt.Errorf("%q is more than 400 days", v)
		}
		d += more
	}
	switch {
	case d <= 0:
		return 0, fmt.Errorf("%q is not positive: the sandbox clock only moves forward", v)
	case d > maxAdvance:
		return 0, fmt.Errorf("%q is more than 400 days", v)
	}
	return d, nil
}
