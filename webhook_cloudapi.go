package waack

// ParseCloudAPIWebhook turns a Cloud API webhook body into events: every
// item of every change of every entry, in order, and within a change its
// messages, then its statuses, then its errors. Only "messages" changes
// carry events; other fields (smb_message_echoes, history, account_update…)
// are skipped. Inbound reactions (messages of type "reaction") become
// ReactionEvents; unknown message types and statuses are kept as they came.
// A body that is not a JSON object is an error wrapping ErrBadPayload; a
// field of an unexpected type is ignored.
//
// It does not verify the signature: use NewWebhookHandler, or
// VerifyCloudAPISignature on the raw body first.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
func ParseCloudAPIWebhook(body []byte) ([]Event, error) {
	var n cloudNotification
	if err := decodeObject(ProviderCloudAPI, body, &n); err != nil {
		return nil, err
	}
	return cloudEvents(ProviderCloudAPI, n.Entry, false), nil
}

// cloudEvents flattens entries into events for provider. anyField also
// accepts changes without a field name (1MSG's raw hooks, whose exact shape
// is unverified).
func cloudEvents(provider string, entries []cloudEntry, anyField bool) []Event {
	n := 0 // events, to allocate them at once
	for i := range entries {
		for j := range entries[i].Changes {
			if c := &entries[i].Changes[j]; c.Field == "messages" || (anyField && c.Field == "") {
				n += len(c.Value.Messages) + len(c.Value.Statuses) + len(c.Value.Errors)
			}
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Event, 0, n)
	for i := range entries {
		for j := range entries[i].Changes {
			if c := &entries[i].Changes[j]; c.Field == "messages" || (anyField && c.Field == "") {
				out = c.Value.appendEvents(out, provider)
			}
		}
	}
	return out
}

// appendEvents appends the value's messages, statuses and errors.
func (v *cloudValue) appendEvents(out []Event, provider string) []Event {
	for i := range v.Messages {
		out = append(out, v.messageEvent(&v.Messages[i], provider))
	}
	for i := range v.Statuses {
		out = append(out, v.Statuses[i].event(provider))
	}
	for i := range v.Errors {
		out = append(out, ErrorEvent{Provider: provider, Err: v.Errors[i].apiError(provider)})
	}
	return out
}

// messageEvent is a MessageEvent, or a ReactionEvent for type "reaction".
// Without "from" (BSUID-only senders) the sender is from_user_id.
func (v *cloudValue) messageEvent(m *cloudMessage, provider string) Event {
	from := string(m.From)
	if from == "" {
		from = m.FromUserID
	}
	if m.Type == "reaction" {
		return ReactionEvent{
			Provider:  provider,
			ID:        m.ID,
			From:      from,
			ChatID:    from,
			MessageID: m.Reaction.MessageID,
			Emoji:     m.Reaction.Emoji,
			Removed:   m.Reaction.Emoji == "",
			Timestamp: m.Timestamp.seconds(),
		}
	}
	return MessageEvent{
		Provider:    provider,
		ID:          m.ID,
		From:        from,
		ChatID:      from,
		Type:        m.Type,
		Text:        m.text(),
		ReplyTo:     m.Context.ID,
		ContactName: v.contactName(m),
		Timestamp:   m.Timestamp.seconds(),
	}
}

// text is what the customer wrote: a text body, a media caption, or the
// label of the button or list row they tapped.
func (m *cloudMessage) text() string {
	switch m.Type {
	case "text":
		return m.Text.Body
	case "image":
		return m.Image.Caption
	case "video":
		return m.Video.Caption
	case "document":
		return m.Document.Caption
	case "button":
		return m.Button.Text
	case "interactive":
		if t := m.Interactive.ButtonReply.Title; t != "" {
			return t
		}
		return m.Interactive.ListReply.Title
	}
	return ""
}

// contactName is the profile name of the contact matching the sender (by
// wa_id, or by BSUID), or of the only contact when none matches by id.
func (v *cloudValue) contactName(m *cloudMessage) string {
	for _, c := range v.Contacts {
		if (m.From != "" && c.WaID == m.From) || (m.FromUserID != "" && c.UserID == m.FromUserID) {
			return c.Profile.Name
		}
	}
	if len(v.Contacts) == 1 {
		return v.Contacts[0].Profile.Name
	}
	return ""
}

// event is the StatusEvent. Err is set from errors[0] when there is one,
// and to a bare webhook error for a failure reported without details, so
// that Err != nil whenever Status is StatusFailed.
func (s *cloudStatus) event(provider string) StatusEvent {
	recipient := string(s.RecipientID)
	if recipient == "" {
		recipient = s.RecipientUserID
	}
	ev := StatusEvent{
		Provider:  provider,
		MessageID: s.ID,
		Recipient: recipient,
		Status:    normalizeStatus(s.Status),
		Timestamp: s.Timestamp.seconds(),
	}
	switch {
	case len(s.Errors) > 0:
		ev.Err = s.Errors[0].apiError(provider)
	case ev.Status == StatusFailed:
		ev.Err = &APIError{Provider: provider, Op: OpWebhook}
	}
	return ev
}

// apiError is the error as an *APIError (Op "webhook", HTTPStatus 0), so
// that errors.Is matches it against the sentinels by code.
func (e *cloudAPIError) apiError(provider string) *APIError {
	return &APIError{
		Provider: provider,
		Op:       OpWebhook,
		Code:     e.Code.int(),
		Title:    e.Title,
		Message:  e.Message,
		Details:  e.ErrorData.Details,
	}
}
