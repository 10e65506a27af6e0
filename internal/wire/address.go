package wire

// Address is a customer address as the root package classified it,
// before any provider rule: a phone, a chat id or a business-scoped user id
// (BSUID). At most one of Phone-only, Chat and BSUID describes it; Err is
// set when Given is none of them.
type Address struct {
	Given string // as the caller wrote it
	Phone string // E.164 digits, when the address is or names a person's phone
	Chat  string // the chat id, when the caller gave one ("…@c.us", "…@g.us", "…@lid")
	BSUID string // a business-scoped user id ("US.13491208655302741918")
	// Err says why Given is not an address. It already wraps the root
	// package's sentinel: a dialect returns it as it is.
	Err error
}

// IsBSUID reports whether s is a business-scoped user id as Meta documents
// it: two ASCII letters (the country of the user's account), a dot, and
// digits ("US.13491208655302741918"). Meta does not fix the number of
// digits; 1 to 64 are accepted.
func IsBSUID(s string) bool {
	if len(s) < 4 || len(s) > 67 || s[2] != '.' || !isUpperASCII(s[0]) || !isUpperASCII(s[1]) {
		return false
	}
	for i := 3; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }
