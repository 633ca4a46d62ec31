// Package errstest lists every domain package's not-found and forbidden
// sentinels, so each HTTP layer's tests can check that all of them reach
// 404 and 403 and none falls through to 500 (docs/design.md §4). Tests
// only: it imports every domain.
package errstest

import (
	"fmt"

	"civicgrid/internal/address"
	"civicgrid/internal/apikey"
	"civicgrid/internal/auth"
	"civicgrid/internal/bulletin"
	"civicgrid/internal/calendar"
	"civicgrid/internal/care"
	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/consultation"
	"civicgrid/internal/disclosure"
	"civicgrid/internal/errs"
	"civicgrid/internal/exchange"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/gridtask"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/ledger"
	"civicgrid/internal/mailbox"
	"civicgrid/internal/mediation"
	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/people"
	"civicgrid/internal/project"
	"civicgrid/internal/property"
	"civicgrid/internal/report"
	"civicgrid/internal/servicepoint"
	"civicgrid/internal/supervision"
	"civicgrid/internal/wish"
)

// Case is one domain sentinel, wrapped as a domain returns it, and the
// kind it must carry.
type Case struct {
	Name string
	Err  error
	Kind errs.Kind
}

// NotFoundAndForbidden is every domain's ErrNotFound and ErrForbidden,
// each wrapped once with context. A new domain adds its two lines here.
func NotFoundAndForbidden() []Case {
	cases := []Case{
		{"category.ErrNotFound", category.ErrNotFound, errs.NotFound},
		{"auth.ErrNotFound", auth.ErrNotFound, errs.NotFound},
		{"auth.ErrForbidden", auth.ErrForbidden, errs.Forbidden},
		{"notify.ErrNotFound", notify.ErrNotFound, errs.NotFound},
		{"org.ErrNotFound", org.ErrNotFound, errs.NotFound},
		{"supervision.ErrNotFound", supervision.ErrNotFound, errs.NotFound},
		{"supervision.ErrForbidden", supervision.ErrForbidden, errs.Forbidden},
		{"facility.ErrNotFound", facility.ErrNotFound, errs.NotFound},
		{"facility.ErrForbidden", facility.ErrForbidden, errs.Forbidden},
		{"classify.ErrForbidden", classify.ErrForbidden, errs.Forbidden},
		{"report.ErrNotFound", report.ErrNotFound, errs.NotFound},
		{"report.ErrForbidden", report.ErrForbidden, errs.Forbidden},
		{"apikey.ErrNotFound", apikey.ErrNotFound, errs.NotFound},
		{"bulletin.ErrNotFound", bulletin.ErrNotFound, errs.NotFound},
		{"bulletin.ErrForbidden", bulletin.ErrForbidden, errs.Forbidden},
		{"mailbox.ErrNotFound", mailbox.ErrNotFound, errs.NotFound},
		{"mailbox.ErrForbidden", mailbox.ErrForbidden, errs.Forbidden},
		{"order.ErrNotFound", order.ErrNotFound, errs.NotFound},
		{"order.ErrForbidden", order.ErrForbidden, errs.Forbidden},
		{"gridtask.ErrNotFound", gridtask.ErrNotFound, errs.NotFound},
		{"gridtask.ErrForbidden", gridtask.ErrForbidden, errs.Forbidden},
		{"exchange.ErrNotFound", exchange.ErrNotFound, errs.NotFound},
		{"ledger.ErrForbidden", ledger.ErrForbidden, errs.Forbidden},
		{"project.ErrNotFound", project.ErrNotFound, errs.NotFound},
		{"project.ErrForbidden", project.ErrForbidden, errs.Forbidden},
		{"property.ErrNotFound", property.ErrNotFound, errs.NotFound},
		{"property.ErrForbidden", property.ErrForbidden, errs.Forbidden},
		{"wish.ErrNotFound", wish.ErrNotFound, errs.NotFound},
		{"wish.ErrForbidden", wish.ErrForbidden, errs.Forbidden},
		{"care.ErrNotFound", care.ErrNotFound, errs.NotFound},
		{"care.ErrForbidden", care.ErrForbidden, errs.Forbidden},
		{"orgunit.ErrNotFound", orgunit.ErrNotFound, errs.NotFound},
		{"orgunit.ErrForbidden", orgunit.ErrForbidden, errs.Forbidden},
		{"grid.ErrNotFound", grid.ErrNotFound, errs.NotFound},
		{"grid.ErrForbidden", grid.ErrForbidden, errs.Forbidden},
		{"knowledge.ErrNotFound", knowledge.ErrNotFound, errs.NotFound},
		{"knowledge.ErrForbidden", knowledge.ErrForbidden, errs.Forbidden},
		{"consultation.ErrNotFound", consultation.ErrNotFound, errs.NotFound},
		{"consultation.ErrForbidden", consultation.ErrForbidden, errs.Forbidden},
		{"mediation.ErrNotFound", mediation.ErrNotFound, errs.NotFound},
		{"mediation.ErrForbidden", mediation.ErrForbidden, errs.Forbidden},
		{"address.ErrNotFound", address.ErrNotFound, errs.NotFound},
		{"disclosure.ErrNotFound", disclosure.ErrNotFound, errs.NotFound},
		{"disclosure.ErrForbidden", disclosure.ErrForbidden, errs.Forbidden},
		{"calendar.ErrNotFound", calendar.ErrNotFound, errs.NotFound},
		{"servicepoint.ErrNotFound", servicepoint.ErrNotFound, errs.NotFound},
		{"servicepoint.ErrForbidden", servicepoint.ErrForbidden, errs.Forbidden},
		{"people.ErrNotFound", people.ErrNotFound, errs.NotFound},
		{"people.ErrForbidden", people.ErrForbidden, errs.Forbidden},
	}
	for i, c := range cases {
		cases[i].Err = fmt.Errorf("%s: %w", "thing 1", c.Err)
	}
	return cases
}
