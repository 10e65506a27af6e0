// Package waack acknowledges WhatsApp customers fast: react to an inbound
// message (👍, ⏳ then ✅), mark it read with a typing indicator, send a short
// session reply, and learn from webhooks what happened to each of those.
//
// One typed Client speaks three providers: Meta's Cloud API (also Dualhook
// numbers and Cloud-API-compatible relays), 1MSG and Wawp. Pick one with a
// provider value:
//
//	c, err := waack.New(waack.CloudAPI{PhoneNumberID: id, AccessToken: token})
//	sent, err := c.Acknowledge(ctx, waack.Ack{From: msg.ChatID, MessageID: msg.ID})
//
// Every failure matches a sentinel with errors.Is (ErrRateLimited,
// ErrSessionWindowClosed, ErrTargetTooOld, ErrOutcomeUnknown…) and provider
// refusals are an *APIError (errors.As). Input is validated before any
// request. Reactions and reads are retried on transient failures; a text is
// never resent once the provider may have accepted it.
//
// The webhook half — NewWebhookHandler, the Parse*Webhook functions,
// StatusTracker, SessionWindows and ReactionTally — turns provider
// notifications into MessageEvent, ReactionEvent, StatusEvent, NoticeEvent,
// EchoEvent and ErrorEvent values, each saying which of your numbers it is
// for (Numbers answers it from that number's client). With
// WebhookConfig.Enqueue the handler only stores each verified delivery and
// Process handles it later on a worker. Package waackredis shares the state
// between replicas; package waacktest is a fake provider to test against.
package waack
