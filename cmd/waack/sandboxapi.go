package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	// defaultSandboxURL is where `waack sandbox` listens unless --addr says
	// otherwise.
	defaultSandboxURL = "http://127.0.0.1:8025"
	// varSandboxURL points the sandbox-driving commands elsewhere.
	varSandboxURL = "WAACK_SANDBOX_URL"
	// sandboxTimeout bounds one call to a local sandbox.
	sandboxTimeout = 10 * time.Second
	// maxSandboxAnswer bounds what is read of an answer; the sandbox's are
	// a few hundred bytes, /_waack/chats a few kilobytes per chat.
	maxSandboxAnswer = 4 << 20
)

// sandboxAPI calls the control endpoints of a running `waack sandbox`
// (documented in package waacktest): the customer's actions and the clock.
type sandboxAPI struct {
	base string
	hc   *http.Client
}

// addSandboxFlag adds --sandbox to fs.
func addSandboxFlag(fs *flag.FlagSet) *string {
	return fs.String("sandbox", "", "the running sandbox's URL (default "+defaultSandboxURL+", what `waack sandbox` prints) ["+varSandboxURL+"]")
}

// newSandboxAPI checks the URL from --sandbox, else WAACK_SANDBOX_URL, else
// the default. The sandbox is a local test server: plain http is expected.
func newSandboxAPI(flagValue string, getenv func(string) string) (*sandboxAPI, error) {
	raw := fromFlagOrEnv(flagValue, getenv, varSandboxURL)
	if raw == "" {
		raw = defaultSandboxURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.User != nil {
		return nil, errors.New("--sandbox (or " + varSandboxURL + ") must be the sandbox's base URL, e.g. " + defaultSandboxURL)
	}
	return &sandboxAPI{base: strings.TrimRight(u.String(), "/"), hc: &http.Client{Timeout: sandboxTimeout}}, nil
}

// sandboxRefusal is the sandbox's answer to a request it did not take: its
// HTTP status and its {"error": …} text.
type sandboxRefusal struct {
	status int
	msg    string
}

func (e *sandboxRefusal) Error() string {
	return fmt.Sprintf("the sandbox refused: %s (HTTP %d)", e.msg, e.status)
}

// sandboxUnreachable is a sandbox that did not answer.
type sandboxUnreachable struct {
	base string
	err  error
}

func (e *sandboxUnreachable) Error() string {
	return fmt.Sprintf("no sandbox answered at %s (%v): start one with `waack sandbox`, or pass --sandbox URL", e.base, e.err)
}

func (e *sandboxUnreachable) Unwrap() error { return e.err }

// sandboxExitCode maps a sandbox call's error to an exit code: input the
// sandbox refused is a validation error, no answer a network one.
func sandboxExitCode(err error) int {
	var refusal *sandboxRefusal
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &refusal) && refusal.status == http.StatusBadRequest:
		return exitValidation
	case errors.As(err, &refusal):
		return exitAPI
	}
	return exitNetwork
}

// do sends in (nil for a GET) to path and decodes the answer into out.
func (s *sandboxAPI) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the URL is said once, by sandboxUnreachable
		}
		return &sandboxUnreachable{base: s.base, err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxSandboxAnswer))
	if err != nil {
		return &sandboxUnreachable{base: s.base, err: err}
	}
	if resp.StatusCode != http.StatusOK {
		var refusal struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(b, &refusal) != nil || refusal.Error == "" {
			refusal.Error = "not a waack sandbox answer (is " + s.base + " the sandbox?)"
		}
		return &sandboxRefusal{status: resp.StatusCode, msg: printable(refusal.Error)}
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("the answer of %s%s is not what a waack sandbox answers: %w", s.base, path, err)
	}
	return nil
}
