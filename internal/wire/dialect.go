package wire

// Dialect is everything one provider means, behind one interface: the root
// pipeline and the webhook handler talk to nothing else. Inputs arrive
// validated by the root package (message ids, emoji, text); addresses arrive
// classified (see Address) and the dialect decides what they become.
type Dialect interface {
	// Name is the provider's name: "cloudapi", "1msg", "wawp".
	Name() string
	// Features says which optional parts of a call the provider carries.
	Features() Features

	// Recipient is what a customer address becomes on this provider's wire
	// for a reaction or a text, or an error (an *InputError, or the
	// address's own Err) when the provider cannot address it.
	Recipient(a Address) (string, error)
	// ReadChat is the chat a read receipt of messageID carries, "" when the
	// provider's read call needs none (the address is then not checked).
	ReadChat(a Address, messageID string) (string, error)

	// React builds a reaction; Emoji "" removes the reaction.
	React(r Reaction) Request
	// MarkRead builds a read receipt.
	MarkRead(r Read) Request
	// SendText builds a session text message.
	SendText(t Text) Request

	// DecodeSend decodes the answer to React or SendText.
	DecodeSend(status int, body []byte) (Sent, *Failure)
	// DecodeRead decodes the answer to MarkRead and to calls that return
	// no message.
	DecodeRead(status int, body []byte) *Failure

	// Webhooks is the provider's webhook dialect.
	Webhooks() Webhooks
}

// Features are the optional parts of a call a provider carries. The root
// package refuses, before any request, a call that needs one it lacks.
type Features struct {
	Typing     bool // the read call can show the typing indicator
	TrackingID bool // sends carry a tracking id echoed in status webhooks
}

// Reaction is a validated reaction.
type Reaction struct {
	To         string // what Recipient returned
	MessageID  string
	Emoji      string // "" removes the reaction
	TrackingID string // "" for none; only when Features.TrackingID
}

// Read is a validated read receipt.
type Read struct {
	MessageID string
	Chat      string // what ReadChat returned
	Typing    bool   // only when Features.Typing
}

// Text is a validated session text.
type Text struct {
	To         string // what Recipient returned
	Body       string
	ReplyTo    string
	PreviewURL bool
	TrackingID string // "" for none; only when Features.TrackingID
}

// WebhookRegistrar is a dialect whose API sets the account's webhook URLs
// (1MSG).
type WebhookRegistrar interface {
	// MaxWebhookURLs is how many URLs the account keeps.
	MaxWebhookURLs() int
	// SetWebhook builds the call that replaces the URLs; its answer
	// decodes with DecodeRead.
	SetWebhook(urls []string) Request
}

// StatusLookup is a dialect whose API reports the statuses it recorded for
// a message (1MSG), for when a webhook was missed.
type StatusLookup interface {
	// HookInfo builds the lookup of messageID.
	HookInfo(messageID string) Request
	// DecodeHookInfo decodes its answer, emitting each status as a
	// webhook would have carried it.
	DecodeHookInfo(status int, body []byte, emit func(*Event)) *Failure
}
