package waack

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWaitTrackingResolvesAnUnknownOutcome(t *testing.T) {
	tr := NewStatusTracker()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := make(chan StatusEvent, 1)
	go func() {
		ev, err := tr.WaitTracking(ctx, "order-42", StatusSent)
		assert.NoError(t, err)
		got <- ev
	}()
	tr.Observe(StatusEvent{MessageID: "wamid.OTHER", Status: StatusSent, TrackingID: "order-7"})
	tr.Observe(StatusEvent{MessageID: "wamid.A", Status: StatusDelivered, TrackingID: "order-42", Timestamp: time.Unix(1700000000, 0)})
	ev := <-got
	assert.Equal(t, "wamid.A", ev.MessageID)
	assert.Equal(t, "order-42", ev.TrackingID)
	assert.Equal(t, StatusDelivered, ev.Status)

	st, ok := tr.Status("wamid.A")
	assert.True(t, ok, "the message is tracked under its own id too")
	assert.Equal(t, StatusDelivered, st)

	// A failure reported for the tracking id ends the wait with its error.
	tr.Observe(StatusEvent{MessageID: "wamid.B", Status: StatusFailed, TrackingID: "order-43",
		Err: &APIError{Provider: ProviderCloudAPI, Op: OpWebhook, Code: 131047}})
	ev, err := tr.WaitTracking(ctx, "order-43", StatusSent)
	assert.ErrorIs(t, err, ErrSessionWindowClosed)
	assert.ErrorIs(t, err, ErrMessageFailed)
	assert.Equal(t, "wamid.B", ev.MessageID)

	// No status: the context decides.
	short, stop := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer stop()
	_, err = tr.WaitTracking(short, "never-sent", StatusSent)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	_, err = tr.WaitTracking(ctx, "", StatusSent)
	require.ErrorIs(t, err, ErrInvalidTrackingID)
}
