package party_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/errs"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/party"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestMemberLink: the member's own link shows their open tasks and claims
// one as themselves; a guessed or replaced link opens nothing.
func TestMemberLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		w := e.world(t)
		task := must(e.svc.AddTask(ctx, comm1, party.TaskInput{CommunityCode: ordertest.Community1, Title: "敬老院陪护", StartsAt: ordertest.Monday09.Add(hour),
			EndsAt: ordertest.Monday09.Add(3 * hour), Minutes: 120, Capacity: 2}))(t)
		if _, err := e.svc.IssueLink(ctx, comm3, w.resident.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another community issuing a link: %v", err)
		}
		token := must(e.svc.IssueLink(ctx, comm1, w.resident.ID))(t)
		var stored int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_member_links WHERE token_blind = ?`, token).Scan(&stored); err != nil || stored != 0 {
			t.Errorf("token stored in clear (%d), %v", stored, err)
		}
		self := must(e.svc.SelfPage(ctx, token))(t)
		if self.Member.Name != "王**" || len(self.Tasks) != 1 || len(self.Mine) != 0 {
			t.Fatalf("self page %+v", self)
		}
		must(e.svc.ClaimAsSelf(ctx, token, task.ID, "10.0.0.1"))(t)
		if _, err := e.svc.ClaimAsSelf(ctx, token, task.ID, "10.0.0.1"); !errors.Is(err, party.ErrClaimed) {
			t.Errorf("self claim twice: %v", err)
		}
		if self := must(e.svc.SelfPage(ctx, token))(t); len(self.Mine) != 1 || len(self.Tasks) != 0 {
			t.Errorf("after the claim %+v", self)
		}
		// The working member has not reported: the task is not theirs to see.
		other := must(e.svc.IssueLink(ctx, comm1, w.working.ID))(t)
		if _, err := e.svc.ClaimAsSelf(ctx, other, task.ID, "10.0.0.2"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("claim where not reported: %v", err)
		}
		// A new link replaces the old; a guess opens nothing.
		must(e.svc.IssueLink(ctx, comm1, w.resident.ID))(t)
		for _, bad := range []string{token, "short", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
			if _, err := e.svc.SelfPage(ctx, bad); errs.KindOf(err) != errs.NotFound {
				t.Errorf("link %q: %v", bad, err)
			}
		}
		if n := count(t, db, "party_task_claims"); n != 1 {
			t.Errorf("%d claims", n)
		}
	})
}
