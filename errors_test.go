package waack

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// allSentinels lists every API-class sentinel, so each row can assert the
// classes it must not match as well as those it must.
var allSentinels = []error{
	ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrPairRateLimited, ErrSpamRateLimited,
	ErrSessionWindowClosed, ErrTargetTooOld, ErrInvalidParameter, ErrUndeliverable,
	ErrAccountRestricted, ErrServiceUnavailable, ErrNotSent, ErrOutcomeUnknown,
}

func TestAPIErrorClassification(t *testing.T) {
	type row struct {
		name      string
		err       *APIError
		want      []error
		retryable bool
	}
	rows := []row{
		{"auth code 0 as HTTP 401", &APIError{Code: 0, HTTPStatus: 401}, []error{ErrUnauthorized}, false},
		{"token expired 190", &APIError{Code: 190, HTTPStatus: 401}, []error{ErrUnauthorized}, false},
		{"plain HTTP 401", &APIError{HTTPStatus: 401}, []error{ErrUnauthorized}, false},
		{"HTTP 403", &APIError{HTTPStatus: 403}, []error{ErrForbidden}, false},
		{"HTTP 429", &APIError{HTTPStatus: 429}, []error{ErrRateLimited}, true},
		{"HTTP 502", &APIError{HTTPStatus: 502}, []error{ErrServiceUnavailable}, true},
		{"HTTP 400 without code", &APIError{HTTPStatus: 400}, []error{ErrInvalidParameter}, false},
		{"HTTP 404 without code", &APIError{HTTPStatus: 404}, nil, false},
		{"unknown code on HTTP 400", &APIError{Code: 132001, HTTPStatus: 400}, nil, false},
		{"unknown code on HTTP 503", &APIError{Code: 999999, HTTPStatus: 503}, []error{ErrServiceUnavailable}, true},
		{"throttling arrives as HTTP 400", &APIError{Op: OpSendText, Code: 130429, HTTPStatus: 400}, []error{ErrRateLimited}, true},
		{"pair limit is not a 400 parameter error", &APIError{Code: 131056, HTTPStatus: 400}, []error{ErrPairRateLimited}, true},
		{"spam limit", &APIError{Code: 131048, HTTPStatus: 400}, []error{ErrSpamRateLimited}, false},
		{"131009 on a reaction", &APIError{Op: OpReact, Code: 131009, HTTPStatus: 400}, []error{ErrTargetTooOld, ErrInvalidParameter}, false},
		{"131009 on an unreaction", &APIError{Op: OpUnreact, Code: 131009}, []error{ErrTargetTooOld, ErrInvalidParameter}, false},
		{"131009 by webhook", &APIError{Op: OpWebhook, Code: 131009}, []error{ErrTargetTooOld, ErrInvalidParameter}, false},
		{"131009 on a text", &APIError{Op: OpSendText, Code: 131009, HTTPStatus: 400}, []error{ErrInvalidParameter}, false},
		{"131009 on a read", &APIError{Op: OpMarkRead, Code: 131009, HTTPStatus: 400}, []error{ErrInvalidParameter}, false},
		{"1MSG sent:false", &APIError{Provider: ProviderOneMsg, HTTPStatus: 200, notSent: true}, []error{ErrNotSent}, false},
		{"1MSG window closed", &APIError{Provider: ProviderOneMsg, HTTPStatus: 200, notSent: true, windowClosed: true}, []error{ErrNotSent, ErrSessionWindowClosed}, false},
		{"transient hint wins", &APIError{Code: 100, HTTPStatus: 400, Transient: new(true)}, []error{ErrInvalidParameter}, true},
		{"transient false wins", &APIError{Code: 130429, HTTPStatus: 400, Transient: new(false)}, []error{ErrRateLimited}, false},
	}
	codes := map[int][]error{
		3: {ErrForbidden}, 10: {ErrForbidden}, 200: {ErrForbidden}, 250: {ErrForbidden}, 299: {ErrForbidden}, 131005: {ErrForbidden},
		4: {ErrRateLimited}, 80007: {ErrRateLimited}, 130429: {ErrRateLimited},
		131047: {ErrSessionWindowClosed},
		100:    {ErrInvalidParameter}, 131008: {ErrInvalidParameter}, 135000: {ErrInvalidParameter}, 131021: {ErrInvalidParameter},
		131026: {ErrUndeliverable},
		368:    {ErrAccountRestricted}, 130497: {ErrAccountRestricted}, 131031: {ErrAccountRestricted}, 131042: {ErrAccountRestricted},
		1: {ErrServiceUnavailable}, 2: {ErrServiceUnavailable}, 131000: {ErrServiceUnavailable}, 131016: {ErrServiceUnavailable},
		131057: {ErrServiceUnavailable}, 133004: {ErrServiceUnavailable},
	}
	for code, want := range codes {
		retry := want[0] == ErrRateLimited || want[0] == ErrServiceUnavailable
		// HTTP 400 for all: the code, not the status, must decide.
		rows = append(rows, row{fmt.Sprintf("code %d", code), &APIError{Op: OpSendText, Code: code, HTTPStatus: 400}, want, retry})
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			for _, s := range allSentinels {
				want := false
				for _, w := range r.want {
					want = want || w == s
				}
				assert.Equal(t, want, errors.Is(r.err, s), "errors.Is(%v, %v)", r.err, s)
			}
			assert.Equal(t, r.retryable, r.err.Retryable())
			// Matching survives wrapping, as callers receive it.
			wrapped := fmt.Errorf("handler: %w", r.err)
			var got *APIError
			assert.True(t, errors.As(wrapped, &got))
			for _, w := range r.want {
				assert.ErrorIs(t, wrapped, w)
			}
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	e := &APIError{Provider: ProviderCloudAPI, Op: OpReact, HTTPStatus: 400, Code: 130429,
		Message: "(#130429) Rate limit hit", Details: "Cloud API message throughput has been reached.", TraceID: "Az8or"}
	assert.Equal(t, "waack: cloudapi react: (#130429) Rate limit hit (code 130429, HTTP 400, fbtrace_id Az8or): Cloud API message throughput has been reached.", e.Error())

	bare := &APIError{Provider: ProviderWawp, Op: OpSendText, HTTPStatus: 502}
	assert.Equal(t, "waack: wawp send_text: HTTP 502 (HTTP 502)", bare.Error())

	notSent := &APIError{Provider: ProviderOneMsg, Op: OpSendText, HTTPStatus: 200, notSent: true}
	assert.True(t, strings.Contains(notSent.Error(), "not sent"))

	var nilErr *APIError
	assert.False(t, nilErr.Is(ErrRateLimited))
	assert.False(t, nilErr.Retryable())
	assert.Equal(t, "<nil>", nilErr.Error())
}

func TestOutcomeUnknownKeepsCause(t *testing.T) {
	cause := &APIError{Provider: ProviderCloudAPI, Op: OpSendText, HTTPStatus: 502}
	var err error = &OutcomeUnknownError{Op: OpSendText, TrackingID: "t-1", Err: cause}
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	var ou *OutcomeUnknownError
	if assert.ErrorAs(t, err, &ou) {
		assert.Equal(t, "t-1", ou.TrackingID)
	}
	assert.ErrorIs(t, err, ErrServiceUnavailable)
	var got *APIError
	assert.ErrorAs(t, err, &got)
	assert.Equal(t, 502, got.HTTPStatus)
}

func TestRetryWait(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 5, MinBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second}
	for n := 1; n <= 6; n++ {
		d, ok := p.wait(n, nil)
		assert.True(t, ok)
		ceil := min(p.MinBackoff<<(n-1), p.MaxBackoff)
		assert.GreaterOrEqual(t, d, ceil/2, "retry %d", n)
		assert.LessOrEqual(t, d, ceil, "retry %d", n)
	}
	d, ok := p.wait(1, &APIError{HTTPStatus: 429, RetryAfter: time.Second})
	assert.True(t, ok)
	assert.Equal(t, time.Second, d, "Retry-After is a floor")

	_, ok = p.wait(1, &APIError{HTTPStatus: 429, RetryAfter: 3 * time.Second})
	assert.False(t, ok, "a Retry-After over MaxBackoff ends the retries")

	d, ok = p.wait(1, &APIError{Code: 131056})
	assert.True(t, ok)
	assert.Equal(t, time.Second, d, "131056 waits 4^0 s first")
	_, ok = p.wait(2, &APIError{Code: 131056})
	assert.False(t, ok, "4^1 s is over MaxBackoff")
}

func TestZeroOutcomeUnknownErrorDoesNotPanic(t *testing.T) {
	var nilErr *OutcomeUnknownError
	for _, e := range []*OutcomeUnknownError{nilErr, {}} {
		assert.NotPanics(t, func() { _ = e.Error() })
		assert.ErrorIs(t, e, ErrOutcomeUnknown)
		assert.Nil(t, e.Unwrap())
	}
}
