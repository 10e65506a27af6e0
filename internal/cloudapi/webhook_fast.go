package cloudapi

import (
	"bytes"
	"sync"
)

// decodeStatuses decodes a body of the hot shape — entries of changes
// whose values carry metadata, statuses and errors, and no messages — into
// n, without encoding/json. It reports false for anything else or
// anything unusual (a message, a duplicate or escaped key, a key that
// differs from a field's name only by case, a value of an unexpected type,
// invalid JSON or UTF-8), and the caller then decodes the body with
// encoding/json from scratch: whenever it reports true, n is exactly what
// encoding/json would have decoded (FuzzDecodeStatuses compares both).
//
// It exists because a status batch is most of a busy number's webhooks,
// and encoding/json spends a third of its time on a validity pre-scan of
// the whole body and most of the rest on reflection, which a reader that
// knows the shape does not need.
//
// The statuses and their pricing live in sc, whose memory the caller
// recycles once the events are emitted (their strings are the events'
// own).
func decodeStatuses(body []byte, n *notification, sc *scratch) bool {
	d := fastDecoder{scanner: scanner{b: body}, sc: sc}
	if d.next() != '{' || !d.notification(n) || !d.end() {
		*n = notification{}
		return false
	}
	return true
}

// scratch is the memory of the decoded statuses of one body.
type scratch struct {
	statuses []Status
	prices   []pricing
}

// scratchPool recycles scratches: a batch's statuses are garbage once its
// events are emitted.
var scratchPool = sync.Pool{New: func() any { return &scratch{statuses: make([]Status, 0, 16)} }}

// reset forgets the statuses (and the strings they refer to) for the next
// body.
func (sc *scratch) reset() {
	clear(sc.statuses)
	clear(sc.prices)
	sc.statuses, sc.prices = sc.statuses[:0], sc.prices[:0]
}

// fastDecoder is the scanner and the scratch it decodes into.
type fastDecoder struct {
	scanner
	sc *scratch
}

// newPricing is a zero pricing of the scratch. A pointer taken earlier
// keeps the array it points into when this one grows.
func (d *fastDecoder) newPricing() *pricing {
	d.sc.prices = append(d.sc.prices, pricing{})
	return &d.sc.prices[len(d.sc.prices)-1]
}

// statuses reads a change's statuses into the scratch, as list would.
func (d *fastDecoder) statuses(dst *[]Status) bool {
	if d.null() {
		return true
	}
	if d.sc.statuses == nil {
		d.sc.statuses = make([]Status, 0, 16)
	}
	start := len(d.sc.statuses)
	ok := d.array(func() bool {
		d.sc.statuses = append(d.sc.statuses, Status{})
		if d.null() {
			return true
		}
		return d.status(&d.sc.statuses[len(d.sc.statuses)-1])
	})
	end := len(d.sc.statuses)
	*dst = d.sc.statuses[start:end:end] // not nil: [] is empty, not absent
	return ok
}

// once sets bit in seen, refusing a key seen before in the same object:
// encoding/json's handling of duplicates (the last wins, merging into
// what the first decoded) is not repeated here.
func once(seen *uint16, bit uint16) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// other skips the value of a key that is none of names, refusing one that
// matches a name but for case (encoding/json would decode it into that
// field).
func (d *fastDecoder) other(key []byte, names ...string) bool {
	for _, name := range names {
		if len(name) == len(key) && bytes.EqualFold(key, []byte(name)) {
			return false
		}
	}
	_, ok := d.skip(1)
	return ok
}

// list reads an array into *dst, elem decoding each element; null leaves
// *dst nil, and [] makes it empty but not nil, as encoding/json does.
func list[T any](d *fastDecoder, dst *[]T, elem func(*T) bool) bool {
	if d.null() {
		return true
	}
	out := make([]T, 0, 1)
	ok := d.array(func() bool {
		out = append(out, *new(T))
		if d.null() {
			return true // a null element is a zero value
		}
		return elem(&out[len(out)-1])
	})
	*dst = out
	return ok
}

// obj reads an object with fields, or null (which leaves the value as it is).
func (d *fastDecoder) obj(fields func(key []byte) bool) bool {
	if d.null() {
		return true
	}
	return d.object(fields)
}

func (d *fastDecoder) notification(n *notification) bool {
	var seen uint16
	return d.object(func(key []byte) bool {
		if string(key) == "entry" {
			return once(&seen, 1) && list(d, &n.Entry, d.entry)
		}
		return d.other(key, "entry")
	})
}

func (d *fastDecoder) entry(e *Entry) bool {
	var seen uint16
	return d.obj(func(key []byte) bool {
		if string(key) == "changes" {
			return once(&seen, 1) && list(d, &e.Changes, d.change)
		}
		return d.other(key, "changes")
	})
}

func (d *fastDecoder) change(c *change) bool {
	var seen uint16
	return d.obj(func(key []byte) bool {
		switch string(key) {
		case "field":
			return once(&seen, 1) && d.text(&c.Field, nil)
		case "value":
			return once(&seen, 2) && d.value(&c.Value)
		}
		return d.other(key, "field", "value")
	})
}

// value reads a change's value. Contacts, messages and echoes are left to
// encoding/json.
func (d *fastDecoder) value(v *value) bool {
	var seen uint16
	return d.obj(func(key []byte) bool {
		switch string(key) {
		case "metadata":
			return once(&seen, 1) && d.obj(func(key []byte) bool {
				switch string(key) {
				case "display_phone_number":
					return once(&seen, 2) && d.unmarshaler(&v.Metadata.DisplayPhoneNumber)
				case "phone_number_id":
					return once(&seen, 4) && d.unmarshaler(&v.Metadata.PhoneNumberID)
				}
				return d.other(key, "display_phone_number", "phone_number_id")
			})
		case "statuses":
			return once(&seen, 8) && d.statuses(&v.Statuses)
		case "errors":
			return once(&seen, 16) && list(d, &v.Errors, d.apiError)
		}
		return d.other(key, "metadata", "statuses", "errors", "contacts", "messages", "message_echoes")
	})
}

func (d *fastDecoder) status(st *Status) bool {
	var seen uint16
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			return once(&seen, 1) && d.text(&st.ID, nil)
		case "status":
			return once(&seen, 2) && d.text(&st.Status, knownStatus)
		case "timestamp":
			return once(&seen, 4) && d.unmarshaler(&st.Timestamp)
		case "recipient_id":
			return once(&seen, 8) && d.unmarshaler(&st.RecipientID)
		case "recipient_user_id":
			return once(&seen, 16) && d.text(&st.RecipientUserID, nil)
		case "biz_opaque_callback_data":
			return once(&seen, 32) && d.text(&st.BizOpaqueCallbackData, nil)
		case "pricing":
			return once(&seen, 64) && d.pricing(&st.Pricing)
		case "errors":
			return once(&seen, 128) && list(d, &st.Errors, d.apiError)
		}
		return d.other(key, "id", "status", "timestamp", "recipient_id", "recipient_user_id",
			"biz_opaque_callback_data", "pricing", "errors")
	})
}

// pricing reads a status's pricing: null leaves it nil.
func (d *fastDecoder) pricing(dst **pricing) bool {
	if d.null() {
		return true
	}
	p := d.newPricing()
	*dst = p
	var seen uint16
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "billable":
			return once(&seen, 1) && d.boolean(&p.Billable)
		case "pricing_model":
			return once(&seen, 2) && d.text(&p.PricingModel, knownPricing)
		case "type":
			return once(&seen, 4) && d.text(&p.Type, knownPricing)
		case "category":
			return once(&seen, 8) && d.text(&p.Category, knownPricing)
		}
		return d.other(key, "billable", "pricing_model", "type", "category")
	})
}

func (d *fastDecoder) apiError(e *apiError) bool {
	var seen uint16
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "code":
			return once(&seen, 1) && d.unmarshaler(&e.Code)
		case "title":
			return once(&seen, 2) && d.text(&e.Title, nil)
		case "message":
			return once(&seen, 4) && d.text(&e.Message, nil)
		case "error_data":
			return once(&seen, 8) && d.obj(func(key []byte) bool {
				if string(key) == "details" {
					return once(&seen, 16) && d.text(&e.ErrorData.Details, nil)
				}
				return d.other(key, "details")
			})
		}
		return d.other(key, "code", "title", "message", "error_data")
	})
}

// boolean reads true or false; null leaves dst unchanged.
func (d *fastDecoder) boolean(dst *bool) bool {
	switch d.next() {
	case 't':
		*dst = true
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	return false
}

// knownStatus and knownPricing share the words Meta sends in every status
// instead of allocating them per status.
func knownStatus(b []byte) string {
	switch string(b) {
	case "sent":
		return "sent"
	case "delivered":
		return "delivered"
	case "read":
		return "read"
	case "failed":
		return "failed"
	case "played":
		return "played"
	}
	return ""
}

func knownPricing(b []byte) string {
	switch string(b) {
	case "PMP":
		return "PMP"
	case "CBP":
		return "CBP"
	case "regular":
		return "regular"
	case "free_customer_service":
		return "free_customer_service"
	case "free_entry_point":
		return "free_entry_point"
	case "utility":
		return "utility"
	case "marketing":
		return "marketing"
	case "authentication":
		return "authentication"
	case "service":
		return "service"
	}
	return ""
}
