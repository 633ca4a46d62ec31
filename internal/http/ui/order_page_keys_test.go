package ui

import (
	"testing"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
)

// The order pages build message keys from codes (statuses, channels,
// kinds, urgencies, ratings, request states, actions, per-action note
// labels); every one must be in the catalogue, or the page shows [key].
func TestOrderPageBuiltKeys(t *testing.T) {
	var keys []string
	for _, s := range order.Statuses() {
		keys = append(keys, "status."+string(s))
	}
	for _, c := range orderChannels {
		keys = append(keys, "channel."+c)
	}
	for _, k := range []string{category.KindComponent, category.KindEvent, category.KindConsult} {
		keys = append(keys, "order.kind."+k)
	}
	for _, u := range []string{category.UrgencyNormal, category.UrgencyUrgent, category.UrgencyEmergency} {
		keys = append(keys, "order.urgency."+u)
	}
	for _, r := range []order.Rating{order.RatingSatisfied, order.RatingBasic, order.RatingUnsatisfied} {
		keys = append(keys, "order.rating."+string(r))
	}
	for _, r := range []string{order.RequestExtension, order.RequestSuspension, order.RequestPending, order.RequestApproved,
		order.RequestRejected, order.RequestLapsed} {
		keys = append(keys, "order.request."+r)
	}
	keys = append(keys, "order.photo.intake", "order.photo.evidence", "action.create", "action.merge_in")
	for name, fields := range orderFormFields {
		keys = append(keys, "action."+name)
		for _, f := range fields {
			keys = append(keys, "order.field."+f)
		}
	}
	for name := range orderRuns {
		keys = append(keys, "action."+name)
		if _, ok := orderFormFields[name]; !ok && name != "sign" && name != "co_sign" {
			t.Errorf("action %s has no entry in orderFormFields", name)
		}
	}
	// The "order-action-note" form labels its note by action.
	for _, name := range []string{"accept", "reply", "answer", "co_reply", "extension_approve", "suspension_approve", "resume"} {
		keys = append(keys, "order.note."+name)
	}
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("%q is not in the catalogue", k)
		}
	}
}
