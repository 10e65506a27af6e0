package waacktest

import (
	"strconv"
	"time"
)

// Fault is a failure FailNext injects into the next API calls instead of
// the normal answer. Use one of the Fault… values below; WithDelay and
// WithRetryAfter return adjusted copies. The zero Fault is no fault.
//
// Each fault says whether the call is applied, i.e. whether the message
// counts as sent (it is in Chats, the customer sees it, webhooks follow).
// Faults that stand for a refusal are never applied; faults that stand for
// a lost or mangled answer are, because that is the case a client cannot
// tell apart from a refusal and must not blindly resend.
//
// Cloud API answers carry the Graph error envelope with the code below,
// 1MSG answers pass the same Graph error object through in "error", Wawp
// answers {"error": "<title>"}.
//
//	fault                  HTTP answer                                                    applied
//	FaultThrottle400       400, code 130429 "Rate limit hit"                              no
//	FaultThrottle429       429 + Retry-After (1 s), code 130429 "Rate limit hit"          no
//	FaultServerError       500, code 131000 (1MSG, Wawp: "Internal server error")         no
//	FaultBadGateway        502 with an HTML page (a proxy in front of the provider)       no
//	FaultPairRateLimit     400, code 131056 "… pair rate limit hit"                       no
//	FaultDropBeforeApply   none: the connection is closed after the request is read       no
//	FaultDropAfterRead     none: the request is applied, then the connection is closed    yes
//	FaultSlow              the normal answer after a delay (1 s); the request is applied
//	                       first, so a client that gives up still sent the message       yes
//	FaultMalformedJSON     200 with the first half of the normal answer                   yes
type Fault struct {
	kind       faultKind
	delay      time.Duration
	retryAfter time.Duration
}

type faultKind int

const (
	faultNone faultKind = iota
	faultThrottle400
	faultThrottle429
	faultServerError
	faultBadGateway
	faultPairRateLimit
	faultDropBeforeApply
	faultDropAfterRead
	faultSlow
	faultMalformedJSON
)

// The faults FailNext can inject; see Fault for what each answers.
var (
	// FaultThrottle400 is Meta's current throughput error: HTTP 400 with
	// Graph code 130429 (Wawp: 400 "Rate limit hit").
	FaultThrottle400 = Fault{kind: faultThrottle400}
	// FaultThrottle429 is HTTP 429 with Retry-After (1 s unless
	// WithRetryAfter says otherwise).
	FaultThrottle429 = Fault{kind: faultThrottle429, retryAfter: time.Second}
	// FaultServerError is HTTP 500 with the provider's error body (Graph
	// code 131000 "Something went wrong").
	FaultServerError = Fault{kind: faultServerError}
	// FaultBadGateway is an HTML 502 page, the answer of a proxy whose
	// upstream failed: no JSON at all.
	FaultBadGateway = Fault{kind: faultBadGateway}
	// FaultPairRateLimit is HTTP 400 with Graph code 131056, too many
	// messages to the same customer.
	FaultPairRateLimit = Fault{kind: faultPairRateLimit}
	// FaultDropBeforeApply reads the request and closes the connection
	// without applying it or answering: nothing was sent.
	FaultDropBeforeApply = Fault{kind: faultDropBeforeApply}
	// FaultDropAfterRead applies the request (the message IS sent) and then
	// closes the connection without answering, like a provider whose answer
	// got lost on the way back.
	FaultDropAfterRead = Fault{kind: faultDropAfterRead}
	// FaultSlow applies the request, then waits (1 s unless WithDelay says
	// otherwise) before the normal answer. The wait ends early, without an
	// answer, when the client gives up or the server closes.
	FaultSlow = Fault{kind: faultSlow, delay: time.Second}
	// FaultMalformedJSON applies the request and answers HTTP 200 with the
	// first half of the answer it would have given: the message IS sent,
	// the client cannot read its id.
	FaultMalformedJSON = Fault{kind: faultMalformedJSON}
)

// WithDelay returns a copy of f with another delay (FaultSlow only).
func (f Fault) WithDelay(d time.Duration) Fault {
	f.delay = d
	return f
}

// WithRetryAfter returns a copy of f with another Retry-After value
// (FaultThrottle429 only; whole seconds on the wire, at least 1).
func (f Fault) WithRetryAfter(d time.Duration) Fault {
	f.retryAfter = d
	return f
}

// String names the fault as Request.Fault reports it.
func (f Fault) String() string {
	switch f.kind {
	case faultThrottle400:
		return "throttle_400"
	case faultThrottle429:
		return "throttle_429"
	case faultServerError:
		return "server_error"
	case faultBadGateway:
		return "bad_gateway"
	case faultPairRateLimit:
		return "pair_rate_limit"
	case faultDropBeforeApply:
		return "drop_before_apply"
	case faultDropAfterRead:
		return "drop_after_read"
	case faultSlow:
		return "slow"
	case faultMalformedJSON:
		return "malformed_json"
	}
	return ""
}

// applied reports whether a call that gets this fault still changes the
// sandbox's state.
func (f Fault) applied() bool {
	switch f.kind {
	case faultNone, faultDropAfterRead, faultSlow, faultMalformedJSON:
		return true
	}
	return false
}

// retryAfterHeader is the Retry-After value in whole seconds, at least 1.
func (f Fault) retryAfterHeader() string {
	s := int((f.retryAfter + time.Second - 1) / time.Second)
	return strconv.Itoa(max(s, 1))
}

// refusal is the error a refusing fault answers, before the dialect renders
// it in its own envelope; ok is false for faults that answer no JSON error.
func (f Fault) refusal() (e apiError, ok bool) {
	switch f.kind {
	case faultThrottle400:
		return apiError{status: 400, code: 130429, title: "Rate limit hit",
			details: "Cloud API message throughput has been reached."}, true
	case faultThrottle429:
		return apiError{status: 429, code: 130429, title: "Rate limit hit",
			details: "Cloud API message throughput has been reached.", retryAfter: f.retryAfterHeader()}, true
	case faultServerError:
		return apiError{status: 500, code: 131000, title: "Something went wrong",
			details: "Something went wrong. Please try again later.", plain: "Internal server error"}, true
	case faultPairRateLimit:
		return apiError{status: 400, code: 131056, title: "(Business Account, Consumer Account) pair rate limit hit",
			details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."}, true
	}
	return apiError{}, false
}

// badGatewayPage is what an nginx in front of a failed upstream answers.
const badGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
