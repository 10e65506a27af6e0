package waack_test

import (
	"fmt"

	"github.com/waack/waack"
)

func ExampleFillPlaceholders() {
	body, err := waack.FillPlaceholders("Hello, {{1}}! We received your request about «{{2}}».", "Alexey", "CRM")
	fmt.Println(body, err)

	_, err = waack.FillPlaceholders("Hello, {{1}}! Your order {{2}} is on its way.", "Alexey")
	fmt.Println(err)
	// Output:
	// Hello, Alexey! We received your request about «CRM». <nil>
	// waack: invalid text: "{{2}}" at byte 25 has no value (1 given)
}
