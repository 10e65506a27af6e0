package onemsg

import (
	"net/http"
	"net/url"

	"github.com/waack/waack/internal/wire"
)

// MaxWebhookURLs is how many webhook URLs a 1MSG channel keeps.
const MaxWebhookURLs = 5

// SetWebhook builds POST /{channel}/webhook, which replaces the channel's
// webhook URLs: {"webhookUrl": url} for one, an array for several. Its
// answer ({"set": true}) decodes with DecodeRead.
func (d *Dialect) SetWebhook(urls []string) wire.Request {
	var v any = urls
	if len(urls) == 1 {
		v = urls[0]
	}
	return d.call("webhook", struct {
		WebhookURL any `json:"webhookUrl"`
	}{v})
}

// HookInfo builds GET /{channel}/hookInfo?messageId=…, the delivery
// statuses ("acks") 1MSG recorded for a message: {"hooks": [status…]} with
// Meta-format status objects.
func (d *Dialect) HookInfo(messageID string) wire.Request {
	return wire.Request{
		Method: http.MethodGet,
		Path:   "/" + url.PathEscape(d.channelID) + "/hookInfo",
		Query:  url.Values{"token": {d.token}, "messageId": {messageID}},
	}
}
