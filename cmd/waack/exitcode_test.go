package main

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack"
)

func TestCallExitCode(t *testing.T) {
	apiErr := &waack.APIError{Provider: "cloudapi", Op: waack.OpReact, HTTPStatus: 401, Code: 190}
	for name, tc := range map[string]struct {
		err  error
		want int
	}{
		"nil":                {nil, exitOK},
		"phone":              {fmt.Errorf("x: %w", waack.ErrInvalidPhone), exitValidation},
		"emoji":              {waack.ErrInvalidEmoji, exitValidation},
		"message id":         {waack.ErrInvalidMessageID, exitValidation},
		"text":               {waack.ErrInvalidText, exitValidation},
		"config":             {waack.ErrInvalidConfig, exitValidation},
		"api error":          {fmt.Errorf("wrapped: %w", apiErr), exitAPI},
		"not sent":           {waack.ErrNotSent, exitAPI},
		"joined api":         {errors.Join(apiErr, errors.New("read failed")), exitAPI},
		"outcome unknown":    {fmt.Errorf("%w: %w", waack.ErrOutcomeUnknown, apiErr), exitNetwork},
		"deadline":           {context.DeadlineExceeded, exitNetwork},
		"anything else":      {errors.New("dial tcp: connection refused"), exitNetwork},
		"validation wins":    {errors.Join(waack.ErrInvalidPhone, apiErr), exitValidation},
		"unknown before api": {errors.Join(apiErr, fmt.Errorf("%w: eof", waack.ErrOutcomeUnknown)), exitNetwork},
	} {
		assert.Equal(t, tc.want, callExitCode(tc.err), name)
	}
}

func TestScrub(t *testing.T) {
	assert.Equal(t, "token [REDACTED] in text", scrub("token abcdefgh12 in text", "abcdefgh12"))
	assert.Equal(t, "short x stays", scrub("short x stays", "x"), "short secrets would garble the text")
}
