package wire

// Class is a set of error classes. The root package maps each class to its
// sentinel (ClassRateLimited → waack.ErrRateLimited…); a dialect maps its
// provider's codes, statuses and texts to classes with its own table.
type Class uint32

// Error classes.
const (
	ClassUnauthorized Class = 1 << iota
	ClassForbidden
	ClassRateLimited
	ClassPairRateLimited
	ClassSpamRateLimited
	ClassWindowClosed
	ClassTargetTooOld
	ClassInvalidParameter
	ClassUndeliverable
	ClassAccountRestricted
	ClassUnavailable
	ClassNotSent
	// ClassRejected is the catch-all: the provider refused, and no more
	// specific class applies.
	ClassRejected
)

// ErrorInfo is what a classifier reads of an error: the fields of a
// waack.APIError. Classifiers work on errors a program built by hand too.
type ErrorInfo struct {
	Op           string // "react", "unreact", "mark_read", "send_text", "webhook"…
	HTTPStatus   int    // 0 for webhook-reported errors
	Code         int
	Subcode      int
	Type         string
	Title        string
	Message      string
	NotSent      bool
	WindowClosed bool
}

// Operations a classifier may tell apart.
const (
	OpReact   = "react"
	OpUnreact = "unreact"
	OpWebhook = "webhook"
)

// ClassifyStatus is the class of an HTTP status when nothing more specific
// is known: the common reading of 401, 403, 429, 5xx and other 4xx answers.
// 2xx and 0 give no class.
func ClassifyStatus(status int) Class {
	switch {
	case status == 401:
		return ClassUnauthorized
	case status == 403:
		return ClassForbidden
	case status == 429:
		return ClassRateLimited
	case status >= 500:
		return ClassUnavailable
	case status == 400 || status == 422:
		return ClassInvalidParameter
	case status >= 300:
		return ClassRejected
	}
	return 0
}

// Refused gives an error with no class the catch-all ClassRejected, so
// that every refusal has at least one class.
func Refused(c Class) Class {
	if c == 0 {
		return ClassRejected
	}
	return c
}
