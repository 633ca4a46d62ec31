package ui

import (
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/supervision"
)

// The dispatch and supervision pages build label keys from engine codes;
// every code the engines define must have its label.
func TestDispatchAndSupervisionCodeLabels(t *testing.T) {
	var keys []string
	for _, r := range append(supervision.Reasons(), supervision.ReasonOther) {
		keys = append(keys, "sup.reason."+string(r))
	}
	for _, s := range supStatuses {
		keys = append(keys, "sup.status."+string(s))
	}
	for _, m := range supervision.Measures() {
		keys = append(keys, "sup.measure."+string(m))
	}
	for _, k := range []string{supervision.SubjectPerson, supervision.SubjectUnit} {
		keys = append(keys, "sup.subject."+k)
	}
	for _, r := range []order.Rating{order.RatingSatisfied, order.RatingBasic, order.RatingUnsatisfied} {
		keys = append(keys, "dispatch.rating."+string(r))
	}
	for _, k := range []string{order.RequestExtension, order.RequestSuspension} {
		keys = append(keys, "dispatch.request."+k)
	}
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("no label for %q", k)
		}
	}
}
