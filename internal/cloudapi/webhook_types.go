package cloudapi

import (
	"bytes"
	"time"
	"unicode/utf8"

	"github.com/waack/waack/internal/flex"
)

// The webhook types declare only the fields the events use: the decoder
// skips the others (object, entry id, messaging_product, conversation…)
// faster than it would decode them, which is most of a status webhook.
// Their flexible scalars are cloudString and cloudNumber.

// notification is a webhook body ("whatsapp_business_account").
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview
type notification struct {
	Entry []Entry `json:"entry"`
}

// Entry is one WhatsApp Business Account's share of a batch. 1MSG's raw
// hooks pass entries through, so its parser decodes them with this type.
type Entry struct {
	Changes []change `json:"changes"`
}

// change is one change of an entry. Field "messages" carries messages,
// statuses and errors; "smb_message_echoes" the business's own messages
// sent from the WhatsApp Business app (coexistence numbers). Other fields
// (history, account_update…) are not events of this package.
type change struct {
	Field string `json:"field"`
	Value value  `json:"value"`
}

// value is the payload of a change.
type value struct {
	Metadata struct {
		DisplayPhoneNumber cloudString `json:"display_phone_number"`
		PhoneNumberID      cloudString `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts      []contact  `json:"contacts"`
	Messages      []message  `json:"messages"`
	MessageEchoes []message  `json:"message_echoes"`
	Statuses      []Status   `json:"statuses"`
	Errors        []apiError `json:"errors"`
}

// contact is a customer's profile. WaID may be absent for users with a
// username (BSUID rollout, 31 March 2026); UserID is the BSUID.
type contact struct {
	Profile struct {
		Name     string `json:"name"`
		Username string `json:"username"`
	} `json:"profile"`
	WaID         cloudString `json:"wa_id"`
	UserID       string      `json:"user_id"`
	ParentUserID string      `json:"parent_user_id"`
}

// message is an inbound message (value.messages[]) or an echo
// (value.message_echoes[]). From may be absent after the BSUID change;
// FromUserID then names the sender.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
type message struct {
	From             cloudString `json:"from"`
	FromUserID       string      `json:"from_user_id"`
	FromParentUserID string      `json:"from_parent_user_id"`
	To               cloudString `json:"to"` // echoes: the customer
	ID               string      `json:"id"`
	Timestamp        cloudNumber `json:"timestamp"` // Unix seconds, usually a string
	Type             string      `json:"type"`
	GroupID          string      `json:"group_id"`
	Context          struct {
		ID string `json:"id"`
	} `json:"context"`
	Text struct {
		Body string `json:"body"`
	} `json:"text"`
	Reaction struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji"` // absent or "" when the reaction was removed
	} `json:"reaction"`
	Image    media `json:"image"`
	Video    media `json:"video"`
	Document media `json:"document"`
	Button   struct {
		Text string `json:"text"`
	} `json:"button"`
	Interactive struct {
		ButtonReply struct {
			Title string `json:"title"`
		} `json:"button_reply"`
		ListReply struct {
			Title string `json:"title"`
		} `json:"list_reply"`
	} `json:"interactive"`
	// System is a notice such as "user_changed_number" (body is its text).
	System struct {
		Body string `json:"body"`
		Type string `json:"type"`
	} `json:"system"`
	// Revoke and Edit arrive on coexistence numbers: the customer deleted
	// or edited an earlier message.
	Revoke struct {
		OriginalMessageID string `json:"original_message_id"`
	} `json:"revoke"`
	Edit struct {
		OriginalMessageID string   `json:"original_message_id"`
		Message           *message `json:"message"`
	} `json:"edit"`
}

// media is the part of a media object the events use: its caption.
type media struct {
	Caption string `json:"caption"`
}

// Status is the fate of an outbound message (value.statuses[]), also the
// items of 1MSG's hookInfo answer. RecipientID may be absent for BSUID
// recipients; RecipientUserID then names them.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
type Status struct {
	ID                    string      `json:"id"`
	Status                string      `json:"status"`
	Timestamp             cloudNumber `json:"timestamp"`
	RecipientID           cloudString `json:"recipient_id"`
	RecipientUserID       string      `json:"recipient_user_id"`
	BizOpaqueCallbackData string      `json:"biz_opaque_callback_data"`
	Pricing               *pricing    `json:"pricing"`
	Errors                []apiError  `json:"errors"`
}

// pricing is what a status says Meta charges for the conversation.
type pricing struct {
	Billable     bool   `json:"billable"`
	PricingModel string `json:"pricing_model"`
	Type         string `json:"type"`
	Category     string `json:"category"`
}

// apiError is the webhook error object (statuses[].errors[] and
// value.errors[]): unlike the Graph answer envelope it has a title and an
// href, and no type or fbtrace_id.
type apiError struct {
	Code      cloudNumber `json:"code"`
	Title     string      `json:"title"`
	Message   string      `json:"message"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

// cloudString is a flex.String that decodes the common case, a JSON string
// without escapes (an id, a phone number), in place: flex.String makes a
// second encoding/json pass for every string, which cost more than the
// rest of a status. Anything else goes through flex.String.
type cloudString flex.String

// UnmarshalJSON implements json.Unmarshaler.
func (s *cloudString) UnmarshalJSON(b []byte) error {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		in := b[1 : len(b)-1]
		// encoding/json would unescape, or replace invalid UTF-8.
		if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
			*s = cloudString(in)
			return nil
		}
	}
	return (*flex.String)(s).UnmarshalJSON(b)
}

// cloudNumber is a flex.Number that decodes the common case, up to 15
// digits quoted or not (Meta's timestamps and error codes), in place.
// Anything else goes through flex.Number.
type cloudNumber flex.Number

// UnmarshalJSON implements json.Unmarshaler.
func (n *cloudNumber) UnmarshalJSON(b []byte) error {
	digits := b
	if len(digits) >= 2 && digits[0] == '"' && digits[len(digits)-1] == '"' {
		digits = digits[1 : len(digits)-1]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return (*flex.Number)(n).UnmarshalJSON(b)
	}
	var v uint64 // 15 digits fit a float64 exactly
	for _, c := range digits {
		if c < '0' || c > '9' {
			return (*flex.Number)(n).UnmarshalJSON(b)
		}
		v = v*10 + uint64(c-'0')
	}
	*n = cloudNumber(v)
	return nil
}

func (n cloudNumber) seconds() time.Time { return flex.Number(n).Seconds() }
func (n cloudNumber) int() int           { return flex.Number(n).Int() }
