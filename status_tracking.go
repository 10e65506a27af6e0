package waack

import (
	"context"
	"fmt"
)

// trackingPrefix names the record a tracked message's statuses are also
// kept under: wamids and serialized ids never contain '|'.
const trackingPrefix = "tracking|"

// WaitTracking is Wait for the message sent with a tracking id
// (Text.TrackingID, Reaction.TrackingID), for when the send's outcome is
// unknown (ErrOutcomeUnknown, an *OutcomeUnknownError carrying the id): the
// provider echoes the id in the message's status webhooks, so a status
// reaching s proves the message went out instead of a blind resend. When
// ctx ends first no status came in that time; statuses can be late, so
// resend only if a duplicate is acceptable. Feed the tracker every
// StatusEvent, as for Wait.
//
// The event's MessageID is the message's id when this tracker observed it
// (with a shared store, another replica may have: then it is empty and
// TrackingID names the message).
func (t *StatusTracker) WaitTracking(ctx context.Context, trackingID string, s Status) (StatusEvent, error) {
	if trackingID == "" || len(trackingID) > maxTrackingIDBytes {
		return StatusEvent{}, fmt.Errorf("%w: WaitTracking needs the send's tracking id", ErrInvalidTrackingID)
	}
	ev, err := t.Wait(ctx, trackingPrefix+trackingID, s)
	ev.TrackingID = trackingID
	ev.MessageID = t.trackedMessage(trackingID)
	return ev, err
}

// trackingAlias is ev recorded under its tracking id, and remembers which
// message carries the id.
func (t *StatusTracker) trackingAlias(ev StatusEvent) StatusEvent {
	t.mu.Lock()
	if t.tracked == nil || len(t.tracked) >= max(t.capacity, DefaultTrackerCapacity) {
		t.tracked = map[string]string{} // bounded: forget all rather than grow
	}
	t.tracked[ev.TrackingID] = ev.MessageID
	t.mu.Unlock()
	ev.MessageID = trackingPrefix + ev.TrackingID
	return ev
}

func (t *StatusTracker) trackedMessage(trackingID string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tracked[trackingID]
}
