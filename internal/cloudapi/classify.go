package cloudapi

import "github.com/waack/waack/internal/wire"

// Classify is Graph's code table: the code decides first, and the HTTP
// status only classifies an error whose code is absent or unknown (Meta
// reports throttling as HTTP 400). 1MSG passes Meta's errors through, so
// its dialect reads their codes with this table too.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
func Classify(e wire.ErrorInfo) wire.Class {
	c := ClassifyCode(e.Code, e.Op)
	if c == 0 {
		c = classifyStatus(e.HTTPStatus, e.Code)
	}
	if e.WindowClosed {
		c |= wire.ClassWindowClosed
	}
	return wire.Refused(c)
}

// ClassifyCode maps a Graph error code to its classes, 0 for a code it
// does not know. 131009 is a too-old target only for reactions and for
// webhook-reported failures (the asynchronous form Meta documents for
// reactions); a read or a text with a bad id is just an invalid parameter.
func ClassifyCode(code int, op string) wire.Class {
	switch code {
	case 0:
		return 0
	case 190:
		return wire.ClassUnauthorized
	case 3, 10, 131005:
		return wire.ClassForbidden
	case 4, 80007, 130429:
		return wire.ClassRateLimited
	case 131056:
		return wire.ClassPairRateLimited
	case 131048:
		return wire.ClassSpamRateLimited
	case 131047:
		return wire.ClassWindowClosed
	case 131009:
		if op == wire.OpReact || op == wire.OpUnreact || op == wire.OpWebhook {
			return wire.ClassTargetTooOld | wire.ClassInvalidParameter
		}
		return wire.ClassInvalidParameter
	case 100, 131008, 131021, 135000,
		131051, // unsupported message type
		131053, // media upload error
		132000, // template parameter count mismatch
		803:    // the phone number id (or another object) does not exist
		return wire.ClassInvalidParameter
	case 131026:
		return wire.ClassUndeliverable
	case 368, 130497, 131031, 131042,
		133010: // the business number is not registered on the Cloud API
		return wire.ClassAccountRestricted
	case 1, 2, 131000, 131016, 131057, 133004:
		return wire.ClassUnavailable
	}
	if code >= 200 && code <= 299 {
		return wire.ClassForbidden // permission errors
	}
	return 0
}

// classifyStatus reads the HTTP status of an error whose code is absent or
// unknown. Graph code 0 (AuthException) arrives as HTTP 401; a 400 with an
// unknown code is still a refusal of the request.
func classifyStatus(status, code int) wire.Class {
	if status == 400 && code != 0 {
		return wire.ClassRejected
	}
	return wire.ClassifyStatus(status)
}
