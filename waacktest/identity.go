package waacktest

import "regexp"

// bsuidPattern is a business-scoped user id as Meta documents it: two
// letters (the country), a dot and digits, e.g. US.13491208655302741918.
var bsuidPattern = regexp.MustCompile(`^[A-Z]{2}\.[0-9]{1,64}$`)

// isBSUID reports whether s is a business-scoped user id.
func isBSUID(s string) bool { return bsuidPattern.MatchString(s) }

// customerKey is how the sandbox names a customer: their phone, digits
// only, or the BSUID of a customer known only by it (on a dialect that
// has them). ok is false for anything else.
func customerKey(d dialect, from string) (key string, ok bool) {
	if isBSUID(from) {
		return from, d.hasBSUIDs()
	}
	return phoneDigits(from)
}
