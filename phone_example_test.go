package waack_test

import (
	"fmt"

	"github.com/waack/waack"
)

func ExampleNormalizePhone() {
	for _, s := range []string{"+1 (650) 555-1234", "0044 20 7946 0958", "16505551234@c.us", "06 12 34 56 78"} {
		phone, err := waack.NormalizePhone(s)
		fmt.Printf("%q %v\n", phone, err)
	}
	// Output:
	// "16505551234" <nil>
	// "442079460958" <nil>
	// "16505551234" <nil>
	// "" waack: invalid phone number: "06 12 34 56 78": starts with 0: give the country code
}

func ExampleChatID() {
	for _, s := range []string{"+1 650-555-1234", "120363041234567890@g.us", "status@broadcast"} {
		id, err := waack.ChatID(s)
		fmt.Printf("%q %v\n", id, err)
	}
	// Output:
	// "16505551234@c.us" <nil>
	// "120363041234567890@g.us" <nil>
	// "" waack: invalid phone number: "status@broadcast": not a phone or an id ending in @c.us, @g.us, @lid or @newsletter
}
