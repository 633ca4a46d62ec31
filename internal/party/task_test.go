package party_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"civicgrid/internal/errs"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/party"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestTasksClaimedAndDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		w := e.world(t)
		start := ordertest.Monday09.Add(2 * hour)
		in := party.TaskInput{CommunityCode: ordertest.Community1, Title: "楼道小广告清理", StartsAt: start, EndsAt: start.Add(3 * hour), Minutes: 180, Capacity: 2}
		for name, bad := range map[string]func(*party.TaskInput){
			"no title":       func(in *party.TaskInput) { in.Title = "" },
			"ends first":     func(in *party.TaskInput) { in.EndsAt = in.StartsAt.Add(-hour) },
			"no hours":       func(in *party.TaskInput) { in.Minutes = 0 },
			"no places":      func(in *party.TaskInput) { in.Capacity = 0 },
			"a street":       func(in *party.TaskInput) { in.CommunityCode = ordertest.Street1 },
			"another's area": func(in *party.TaskInput) { in.CommunityCode = ordertest.Community3 },
		} {
			x := in
			bad(&x)
			if _, err := e.svc.AddTask(ctx, comm1, x); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		if n := count(t, db, "party_tasks"); n != 0 {
			t.Fatalf("bad tasks written: %d", n)
		}
		task := must(e.svc.AddTask(ctx, comm1, in))(t)

		// The working member has not reported to community 1 yet.
		if _, err := e.svc.ClaimTask(ctx, comm1, task.ID, w.working.ID); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("claim before 报到: %v", err)
		}
		must(e.svc.RecordReport(ctx, comm1, w.working.ID, ordertest.Community1))(t)
		got := must(e.svc.ClaimTask(ctx, comm1, task.ID, w.resident.ID))(t)
		if got.Claimed != 1 || len(got.Claims) != 1 || got.Claims[0].MemberName != "王**" {
			t.Fatalf("claimed %+v", got)
		}
		if _, err := e.svc.ClaimTask(ctx, comm1, task.ID, w.resident.ID); !errors.Is(err, party.ErrClaimed) || errs.KindOf(err) != errs.Conflict {
			t.Errorf("claimed twice: %v", err)
		}
		if _, err := e.svc.ClaimTask(ctx, comm3, task.ID, w.working.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another community claiming: %v", err)
		}
		must(e.svc.ClaimTask(ctx, comm1, task.ID, w.working.ID))(t)
		third := must(e.svc.AddMember(ctx, comm1, party.MemberInput{Kind: party.MemberCommunity, CommunityCode: ordertest.Community1,
			OrgID: w.branch.ID, Name: "孙丽", IDNumber: idNumber(7)}))(t)
		if _, err := e.svc.ClaimTask(ctx, comm1, task.ID, third.ID); !errors.Is(err, party.ErrFull) {
			t.Errorf("claim of a full task: %v", err)
		}
		if n := count(t, db, "party_task_claims"); n != 2 {
			t.Errorf("%d claims stored", n)
		}

		// Done: not before it starts; credited once; hours in the measures.
		if _, err := e.svc.CompleteTask(ctx, comm1, task.ID, w.resident.ID, 0, ""); errs.KindOf(err) != errs.Invalid {
			t.Errorf("done before the start: %v", err)
		}
		e.now.Advance(4 * hour)
		if _, err := e.svc.CompleteTask(ctx, comm1, task.ID, third.ID, 0, ""); errs.KindOf(err) != errs.Invalid {
			t.Errorf("done by a member who did not claim: %v", err)
		}
		must(e.svc.CompleteTask(ctx, comm1, task.ID, w.resident.ID, 0, "清理小广告40余处"))(t)
		must(e.svc.CompleteTask(ctx, comm1, task.ID, w.working.ID, 90, "提前离开"))(t)
		if _, err := e.svc.CompleteTask(ctx, comm1, task.ID, w.working.ID, 90, ""); errs.KindOf(err) != errs.Conflict {
			t.Errorf("done twice: %v", err)
		}
		m := must(e.svc.GetMember(ctx, comm1, w.resident.ID))(t)
		if m.Minutes != 180 {
			t.Errorf("resident member credited %d minutes", m.Minutes)
		}
		meas := must(e.svc.Measures(ctx, street1, ordertest.Monday09.Add(-hour), ordertest.Monday09.Add(24*hour)))(t)
		var c1 party.Figures
		for _, f := range meas.Communities {
			if f.Code == ordertest.Community1 {
				c1 = f
			}
		}
		if c1.Minutes != 270 || c1.Claimed != 2 || c1.Done != 2 || c1.Hours() != 4.5 {
			t.Errorf("community 1 figures %+v", c1)
		}
		meas = must(e.svc.Measures(ctx, admin, ordertest.Monday09.Add(-hour), ordertest.Monday09.Add(24*hour)))(t)
		if len(meas.Units) != 1 || meas.Units[0].Minutes != 90 || meas.Units[0].Done != 1 {
			t.Errorf("unit figures %+v", meas.Units)
		}
		// A period before it all counts nothing.
		old := must(e.svc.Measures(ctx, admin, ordertest.Monday09.Add(-48*hour), ordertest.Monday09.Add(-24*hour)))(t)
		if old.Total.Minutes != 0 || old.Total.Claimed != 0 {
			t.Errorf("earlier period %+v", old.Total)
		}
	})
}

// TestLastPlaceGoesOnce: many members claim the last place at once; one
// gets it, the others ErrFull, and the count never passes the capacity.
func TestLastPlaceGoesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		w := e.world(t)
		task := must(e.svc.AddTask(ctx, comm1, party.TaskInput{CommunityCode: ordertest.Community1, Title: "敬老院陪护", StartsAt: ordertest.Monday09.Add(hour),
			EndsAt: ordertest.Monday09.Add(3 * hour), Minutes: 120, Capacity: 1}))(t)
		ids := []int64{w.resident.ID}
		for i := range 5 {
			m := must(e.svc.AddMember(ctx, comm1, party.MemberInput{Kind: party.MemberCommunity, CommunityCode: ordertest.Community1,
				OrgID: w.branch.ID, Name: "党员" + string(rune('甲'+i)), IDNumber: idNumber(20 + i)}))(t)
			ids = append(ids, m.ID)
		}
		var wg sync.WaitGroup
		results := make([]error, len(ids))
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = e.svc.ClaimTask(ctx, comm1, task.ID, id)
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range results {
			switch {
			case err == nil:
				won++
			case errors.Is(err, party.ErrFull):
			default:
				t.Errorf("claim: %v", err)
			}
		}
		if got := must(e.svc.GetTask(ctx, comm1, task.ID))(t); won != 1 || got.Claimed != 1 || len(got.Claims) != 1 {
			t.Errorf("%d won; task %+v", won, got)
		}
	})
}
