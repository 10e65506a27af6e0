package waacktest

import (
	"strconv"
	"time"

	"github.com/waack/waack"
)

// Meta's wire objects: the Cloud API speaks them, and 1MSG, which runs on
// the Cloud API, passes them through (its Graph errors, hookInfo's
// statuses). Both dialects build them from here.

type graphError struct {
	Message   string          `json:"message"`
	Type      string          `json:"type"`
	Code      int             `json:"code"`
	Subcode   int             `json:"error_subcode,omitempty"`
	ErrorData *graphErrorData `json:"error_data,omitempty"`
	TraceID   string          `json:"fbtrace_id"`
}

type graphErrorData struct {
	MessagingProduct string `json:"messaging_product"`
	Details          string `json:"details"`
}

// graphError renders e as Graph's error object.
func (s *Server) graphError(e apiError) graphError {
	g := graphError{Message: e.title, Type: e.typ, Code: e.code, Subcode: e.subcode, TraceID: traceID(s.traceSeq.Add(1))}
	if !e.raw {
		g.Message = "(#" + strconv.Itoa(e.code) + ") " + e.title
	}
	if g.Type == "" {
		g.Type = "OAuthException"
	}
	if e.details != "" {
		g.ErrorData = &graphErrorData{MessagingProduct: "whatsapp", Details: e.details}
	}
	return g
}

// Meta's status object, in webhooks and 1MSG's hookInfo.
type (
	cloudStatus struct {
		ID          string `json:"id"`
		Status      string `json:"status"`
		Timestamp   string `json:"timestamp"`
		RecipientID string `json:"recipient_id,omitempty"` // absent for a customer known only by a BSUID
		// RecipientUserID is the BSUID of a customer known only by it.
		RecipientUserID string `json:"recipient_user_id,omitempty"`
		// Tracking echoes the send's biz_opaque_callback_data.
		Tracking string             `json:"biz_opaque_callback_data,omitempty"`
		Pricing  *cloudPricing      `json:"pricing,omitempty"`
		Errors   []cloudStatusError `json:"errors,omitempty"`
	}
	cloudPricing struct {
		Billable     bool   `json:"billable"`
		PricingModel string `json:"pricing_model"`
		Type         string `json:"type"`
		Category     string `json:"category"`
	}
	cloudStatusError struct {
		Code      int            `json:"code"`
		Title     string         `json:"title"`
		Message   string         `json:"message"`
		ErrorData cloudErrorData `json:"error_data"`
		Href      string         `json:"href"`
	}
	cloudErrorData struct {
		Details string `json:"details"`
	}
)

const errorCodesHref = "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes"

func unixString(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// metaStatus is business message m's status st at time at in Meta's
// format, the object the Cloud API webhook and 1MSG's hookInfo carry.
func metaStatus(m *message, st waack.Status, at time.Time) cloudStatus {
	cs := cloudStatus{ID: m.id, Status: string(st), Timestamp: unixString(at), RecipientID: m.chat.key.customer, Tracking: m.tracking}
	if m.chat.bsuid() {
		cs.RecipientID, cs.RecipientUserID = "", m.chat.key.customer
	}
	if st == waack.StatusSent && m.kind == TypeText {
		cs.Pricing = &cloudPricing{PricingModel: "PMP", Type: "free_customer_service", Category: "service"}
	}
	if f := m.failure; st == waack.StatusFailed && f != nil {
		cs.Errors = []cloudStatusError{{Code: f.code, Title: f.title, Message: f.title, ErrorData: cloudErrorData{Details: f.details}, Href: errorCodesHref}}
	}
	return cs
}
