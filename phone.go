package waack

import (
	"fmt"
	"strings"
)

// NormalizePhone is a placeholder the input-validation work replaces.
func NormalizePhone(s string) (string, error) {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if len(d) < 8 || len(d) > 15 {
		return "", fmt.Errorf("%w: %q", ErrInvalidPhone, s)
	}
	return d, nil
}

// ChatID is a placeholder the input-validation work replaces.
func ChatID(s string) (string, error) {
	if strings.Contains(s, "@") {
		return s, nil
	}
	p, err := NormalizePhone(s)
	if err != nil {
		return "", err
	}
	return p + "@c.us", nil
}
