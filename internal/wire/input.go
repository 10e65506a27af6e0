package wire

// InputKind names the root package sentinel an InputError wraps.
type InputKind uint8

// Input error kinds.
const (
	InvalidPhone InputKind = iota + 1
	InvalidConfig
	Unsupported
	BadPayload
)

// InputError is an input a dialect refuses before any request (an address
// its provider cannot reach, a feature it lacks, a webhook body that is not
// its format). The root package turns it into an error wrapping the
// sentinel of its Kind, with Reason as the text.
type InputError struct {
	Kind   InputKind
	Reason string
}

// Error is the reason, prefixed by the root package when it wraps it.
func (e *InputError) Error() string { return e.Reason }

// Refuse returns an *InputError.
func Refuse(kind InputKind, reason string) error { return &InputError{Kind: kind, Reason: reason} }
