package main

import (
	"errors"

	"github.com/waack/waack"
)

// Exit codes, documented in `waack help`. Scripts branch on them, so they
// never change meaning.
const (
	exitOK         = 0 // the command did what it was asked
	exitOther      = 1 // anything not below: a demo step misbehaved, a port was taken, a file unreadable
	exitUsage      = 2 // bad or missing flags (credentials included), unknown command
	exitValidation = 3 // input waack refused before any request
	exitAPI        = 4 // the provider answered with a refusal
	exitNetwork    = 5 // no usable answer: network error, timeout, outcome unknown
)

// validationErrors are the sentinels of input waack checks before sending.
var validationErrors = []error{
	waack.ErrInvalidPhone, waack.ErrInvalidEmoji, waack.ErrInvalidMessageID,
	waack.ErrInvalidText, waack.ErrInvalidConfig,
}

// callExitCode maps the error of a provider call to an exit code.
// ErrOutcomeUnknown is checked before *APIError: a 5xx without the
// provider's error body may be both, and "do not resend blindly" is what the
// caller must learn from it.
func callExitCode(err error) int {
	var apiErr *waack.APIError
	switch {
	case err == nil:
		return exitOK
	case isAny(err, validationErrors...):
		return exitValidation
	case errors.Is(err, waack.ErrOutcomeUnknown):
		return exitNetwork
	case errors.As(err, &apiErr), errors.Is(err, waack.ErrNotSent):
		return exitAPI
	}
	return exitNetwork
}

func isAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
