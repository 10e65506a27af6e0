package onemsg

import (
	"encoding/json"

	"net/http"
	"net/url"

	"github.com/waack/waack/internal/cloudapi"

	"github.com/waack/waack/internal/wire"
)

var (
	_ wire.WebhookRegistrar = (*Dialect)(nil)
	_ wire.StatusLookup     = (*Dialect)(nil)
)

// MaxWebhookURLs is how many webhook URLs a 1MSG channel keeps: 5.
func (d *Dialect) MaxWebhookURLs() int { return 5 }

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

// DecodeHookInfo decodes hookInfo's answer, {"hooks": [status…]}, emitting
// each Meta-format status.
func (d *Dialect) DecodeHookInfo(status int, body []byte, emit func(*wire.Event)) *wire.Failure {
	if f := d.DecodeRead(status, body); f != nil {
		return f
	}
	var info struct {
		Hooks []cloudapi.Status `json:"hooks"`
	}
	if err := json.Unmarshal(body, &info); err != nil {
		return &wire.Failure{Message: "hookInfo answer is not JSON"}
	}
	var ev wire.Event
	for i := range info.Hooks {
		ev.Reset()
		ev.Kind = wire.KindStatus
		ev.NumberID = d.channelID
		info.Hooks[i].Fill(&ev)
		emit(&ev)
	}
	return nil
}
