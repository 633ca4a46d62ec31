package deliberation_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/deliberation"
	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// A topic goes from proposal to a held meeting's decision, tasks and
// publication; each step refuses what is out of order, and nothing is
// changed by a refusal.
func TestTopicMeetingDecisionAndTasks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		m, tp := e.meetingWithTopic(t)
		if tp.Status != deliberation.TopicScheduled || tp.MeetingID != m.ID {
			t.Fatalf("scheduled topic %+v", tp)
		}
		// Not held yet: no decision, no publication, no minutes before it began.
		if _, err := e.svc.Decide(ctx, community, tp.ID, 0, deliberation.Decision{Outcome: "adopted", Text: "同意增设充电桩"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("decide before the meeting: %v", err)
		}
		if _, err := e.svc.Hold(ctx, community, m.ID, m.Version, "会议讨论了充电桩选址"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("minutes before the meeting began: %v", err)
		}
		e.now.Advance(2 * time.Hour)
		if _, err := e.svc.Hold(ctx, community, m.ID, m.Version, "会议讨论了充电桩选址"); errs.KindOf(err) != errs.Invalid ||
			!strings.Contains(err.Error(), "参会人员") {
			t.Fatalf("held with nobody: %v", err)
		}
		for _, p := range []deliberation.ParticipantInput{{Kind: "居民代表", Name: "赵德明"}, {Kind: "resident_rep", Name: "钱秀英"},
			{Kind: "property", Name: "孙经理", Affiliation: "明山物业"}, {Kind: "owners_committee", Name: "李主任"}} {
			if m, err := e.svc.AddParticipant(ctx, community, m.ID, p); err != nil {
				t.Fatal(err)
			} else if last := m.Participants[len(m.Participants)-1]; last.Name == p.Name || !strings.HasPrefix(last.Name, string([]rune(p.Name)[:1])) {
				t.Fatalf("participant not masked: %+v", last)
			}
		}
		if _, err := e.svc.AddParticipant(ctx, community, m.ID, deliberation.ParticipantInput{Kind: "mayor", Name: "某某"}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("unknown kind: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM deliberation_participants WHERE name_sealed LIKE '%赵%'`); n != 0 {
			t.Fatalf("a name in clear")
		}
		held, err := e.svc.Hold(ctx, community, m.ID, m.Version, "会议讨论了充电桩选址，物业同意提供电源")
		if err != nil || held.Status != deliberation.MeetingHeld {
			t.Fatalf("hold: %+v %v", held, err)
		}
		// Publication waits for every topic's decision.
		if _, err := e.svc.Publish(ctx, community, m.ID, held.Version); errs.KindOf(err) != errs.Conflict || !strings.Contains(err.Error(), "议决") {
			t.Fatalf("publish with a topic open: %v", err)
		}
		if _, err := e.svc.Decide(ctx, community, tp.ID, tp.Version, deliberation.Decision{Outcome: "adopted", Text: "同意增设", For: 2, Against: 3}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("adopted against the votes: %v", err)
		}
		if _, err := e.svc.Decide(ctx, community, tp.ID, tp.Version, deliberation.Decision{Outcome: "adopted", Text: "同意增设", For: -1}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("negative votes: %v", err)
		}
		if _, err := e.svc.AddTask(ctx, community, tp.ID, deliberation.TaskInput{Title: "选址", Owner: "物业", DueAt: e.now.Now().Add(72 * time.Hour)}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("task before adoption: %v", err)
		}
		d, err := e.svc.Decide(ctx, community, tp.ID, tp.Version, deliberation.Decision{Outcome: "通过", Text: "同意在3号楼前增设充电桩8个，物业负责安装", For: 4})
		if err != nil || d.Outcome != deliberation.OutcomeAdopted || d.VotesFor != 4 {
			t.Fatalf("decide: %+v %v", d, err)
		}
		if _, err := e.svc.Decide(ctx, community, tp.ID, d.Version, deliberation.Decision{Outcome: "rejected", Text: "改主意了"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("decided twice: %v", err)
		}
		if _, err := e.svc.AddTask(ctx, community, tp.ID, deliberation.TaskInput{Title: "安装充电桩", Owner: "明山物业", DueAt: e.now.Now().Add(-time.Hour)}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("task due in the past: %v", err)
		}
		withTask, err := e.svc.AddTask(ctx, community, tp.ID, deliberation.TaskInput{Title: "安装充电桩", Owner: "明山物业", DueAt: e.now.Now().Add(14 * 24 * time.Hour)})
		if err != nil || len(withTask.Tasks) != 1 || withTask.Tasks[0].Status != deliberation.TaskOpen {
			t.Fatalf("task: %+v %v", withTask.Tasks, err)
		}
		k := withTask.Tasks[0]
		if _, err := e.svc.CompleteTask(ctx, community, k.ID, ""); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("done without a result: %v", err)
		}
		if _, err := e.svc.CompleteTask(ctx, other, k.ID, "已安装8个充电桩"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another community completes: %v", err)
		}
		done, err := e.svc.CompleteTask(ctx, community, k.ID, "已安装8个充电桩并投入使用")
		if err != nil || done.Tasks[0].Status != deliberation.TaskDone {
			t.Fatalf("complete: %+v %v", done.Tasks, err)
		}
		if _, err := e.svc.CompleteTask(ctx, community, k.ID, "再次完成"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("completed twice: %v", err)
		}
		// A version read before the meeting was held is stale.
		if _, err := e.svc.Publish(ctx, community, m.ID, m.Version); errs.KindOf(err) != errs.Stale {
			t.Fatalf("publish with a stale version: %v", err)
		}
		pub, err := e.svc.Publish(ctx, community, m.ID, held.Version)
		if err != nil || pub.Status != deliberation.MeetingPublished || pub.PublishedAt.IsZero() {
			t.Fatalf("publish: %+v %v", pub, err)
		}
		if _, err := e.svc.AddParticipant(ctx, community, m.ID, deliberation.ParticipantInput{Kind: "other", Name: "补录人"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("participant after publication: %v", err)
		}
		var audited int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'deliberation.%'`).Scan(&audited)
		if audited < 10 {
			t.Fatalf("audited steps: %d", audited)
		}
	})
}

// The public reads published meetings only, with attendance counts and
// decisions, never a name, the minutes or the proposer.
func TestPublicSeesPublishedResultsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		m, tp := e.meetingWithTopic(t)
		if got, _ := e.svc.PublicMeetings(ctx, ordertest.Community1, 10); len(got) != 0 {
			t.Fatalf("a planned meeting is public: %+v", got)
		}
		if _, err := e.svc.PublicMeeting(ctx, m.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("planned meeting by id: %v", err)
		}
		e.now.Advance(2 * time.Hour)
		e.svc.AddParticipant(ctx, community, m.ID, deliberation.ParticipantInput{Kind: "resident_rep", Name: "赵德明"})
		e.svc.AddParticipant(ctx, community, m.ID, deliberation.ParticipantInput{Kind: "resident_rep", Name: "钱秀英"})
		e.svc.AddParticipant(ctx, community, m.ID, deliberation.ParticipantInput{Kind: "party_member", Name: "孙党员"})
		h, err := e.svc.Hold(ctx, community, m.ID, 0, "纪要：赵德明发言支持")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Decide(ctx, community, tp.ID, 0, deliberation.Decision{Outcome: "deferred", Text: "选址需再征求一楼住户意见"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Publish(ctx, community, m.ID, h.Version); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.PublicMeetings(ctx, ordertest.Community1, 10)
		if err != nil || len(got) != 1 {
			t.Fatalf("public: %+v %v", got, err)
		}
		p := got[0]
		if p.Minutes != "" || len(p.Participants) != 0 || p.Topics[0].ProposerName != "" {
			t.Fatalf("personal data or minutes in public: %+v", p)
		}
		if !slices.Equal(p.Attendance, []deliberation.Count{{Kind: "resident_rep", N: 2}, {Kind: "party_member", N: 1}}) {
			t.Fatalf("attendance %+v", p.Attendance)
		}
		if other, _ := e.svc.PublicMeetings(ctx, ordertest.Community3, 10); len(other) != 0 {
			t.Fatalf("another community's page shows %d meetings", len(other))
		}
		// A deferred topic goes on the next meeting.
		next, err := e.svc.CreateMeeting(ctx, community, deliberation.MeetingInput{CommunityCode: ordertest.Community1, Body: "joint",
			Title: "充电桩选址联席会", StartsAt: e.now.Now().Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		again, err := e.svc.Schedule(ctx, community, tp.ID, 0, next.ID)
		if err != nil || again.Status != deliberation.TopicScheduled || again.MeetingID != next.ID || again.Outcome != "" {
			t.Fatalf("deferred topic rescheduled: %+v %v", again, err)
		}
	})
}

// Scope: another community and a grid worker see nothing; leaders read but
// work nothing; a street works its communities; bad input changes nothing.
func TestScopeRolesAndBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		m, tp := e.meetingWithTopic(t)
		for _, a := range []deliberation.Actor{other, gridUser, operator} {
			if _, err := e.svc.Topic(ctx, a, tp.ID); errs.KindOf(err) != errs.NotFound {
				t.Fatalf("%s reads the topic: %v", a.User.Role, err)
			}
			if _, err := e.svc.Meeting(ctx, a, m.ID); errs.KindOf(err) != errs.NotFound {
				t.Fatalf("%s reads the meeting: %v", a.User.Role, err)
			}
		}
		if got, err := e.svc.Topic(ctx, leader, tp.ID); err != nil || len(deliberation.TopicActions(leader, got, m)) != 0 {
			t.Fatalf("leader reads, works nothing: %v", err)
		}
		if _, err := e.svc.Propose(ctx, leader, deliberation.TopicInput{CommunityCode: ordertest.Community1, Title: "标题", Description: "领导提出的议题"}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("leader proposes: %v", err)
		}
		if ts, err := e.svc.ListTopics(ctx, street, deliberation.TopicFilter{}, 0, 0); err != nil || len(ts) != 1 {
			t.Fatalf("street lists %d, %v", len(ts), err)
		}
		if ts, err := e.svc.ListTopics(ctx, other, deliberation.TopicFilter{}, 0, 0); err != nil || len(ts) != 0 {
			t.Fatalf("other community lists %d, %v", len(ts), err)
		}
		if _, err := e.svc.ListTopics(ctx, gridUser, deliberation.TopicFilter{}, 0, 0); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("grid worker lists: %v", err)
		}
		if _, err := e.svc.ListTopics(ctx, community, deliberation.TopicFilter{Status: "nonsense"}, 0, 0); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("bad status filter: %v", err)
		}
		before := count(t, db, `SELECT COUNT(*) FROM deliberation_topics`)
		for _, in := range []deliberation.TopicInput{
			{CommunityCode: ordertest.Community1, Title: "", Description: "没有标题的议题内容"},
			{CommunityCode: ordertest.Community1, Title: "标题", Description: "短"},
			{CommunityCode: ordertest.Street1, Title: "标题", Description: "写给街道的议题"},
			{CommunityCode: ordertest.Community1, Title: "标题", Description: "电话不对的议题", Phone: "电话号码不知道"},
		} {
			if _, err := e.svc.Propose(ctx, deliberation.Resident("1.2.3.4"), in); errs.KindOf(err) != errs.Invalid {
				t.Fatalf("bad proposal %+v: %v", in, err)
			}
		}
		if _, err := e.svc.Propose(ctx, other, deliberation.TopicInput{CommunityCode: ordertest.Community1, Title: "标题", Description: "别的社区的议题"}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("staff outside scope: %v", err)
		}
		if after := count(t, db, `SELECT COUNT(*) FROM deliberation_topics`); after != before {
			t.Fatalf("refused proposals wrote %d topics", after-before)
		}
		// A resident's proposal: sealed contact, masked for staff; declined with a reason.
		r, err := e.svc.Propose(ctx, deliberation.Resident("1.2.3.4"), deliberation.TopicInput{CommunityCode: ordertest.Community1,
			Title: "小区停车难", Description: "晚上车位不够，建议议一议错时停车", Name: "周建国", Phone: "139 1234 5678"})
		if err != nil || r.Source != deliberation.SourceResident {
			t.Fatalf("resident proposal: %+v %v", r, err)
		}
		got, err := e.svc.Topic(ctx, community, r.ID)
		if err != nil || got.ProposerName == "周建国" || strings.Contains(got.ProposerPhone, "1234") || got.ProposerPhone == "" {
			t.Fatalf("proposer shown %q %q, %v", got.ProposerName, got.ProposerPhone, err)
		}
		if _, err := e.svc.Decline(ctx, community, r.ID, got.Version, ""); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("decline without reason: %v", err)
		}
		if d, err := e.svc.Decline(ctx, street, r.ID, got.Version, "已纳入小区停车改造项目统一解决"); err != nil || d.Status != deliberation.TopicDeclined {
			t.Fatalf("street declines: %+v %v", d, err)
		}
		if _, err := e.svc.Schedule(ctx, community, r.ID, 0, m.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("schedule a declined topic: %v", err)
		}
		// A topic goes only on its own community's planned meeting.
		o, err := e.svc.CreateMeeting(ctx, other, deliberation.MeetingInput{CommunityCode: ordertest.Community3, Body: "council", Title: "别的社区会议", StartsAt: e.now.Now()})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := e.svc.Propose(ctx, community, deliberation.TopicInput{CommunityCode: ordertest.Community1, Title: "楼道照明", Description: "楼道灯经常不亮"})
		if _, err := e.svc.Schedule(ctx, community, s.ID, 0, o.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("onto a meeting out of scope: %v", err)
		}
		if _, err := e.svc.CreateMeeting(ctx, community, deliberation.MeetingInput{CommunityCode: ordertest.Community1, Body: "party", Title: "会", StartsAt: e.now.Now()}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("unknown body: %v", err)
		}
	})
}

// A work order raises a topic in one step; the decision is written on its
// timeline; a second topic from the same order is refused.
func TestTopicFromOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o, _, err := e.orders.Create(ctx, order.StaffActor(operator.User, operator.Scope, "ip"), order.Input{Channel: order.ChannelHotline,
			Category: "parking.shortage", Description: "小区车位不够，晚上经常占用消防通道，希望社区组织商量个办法", Point: &order.Point{Lng: 123.05, Lat: 41.05}})
		if err != nil {
			t.Fatal(err)
		}
		if _, may, err := e.svc.OrderLink(ctx, community, o); err != nil || !may {
			t.Fatalf("order link before: %v %v", may, err)
		}
		tp, err := e.svc.TopicFromOrder(ctx, community, o.Number, deliberation.TopicInput{})
		if err != nil || tp.Source != deliberation.SourceOrder || tp.OrderNumber != o.Number || tp.CommunityCode != ordertest.Community1 || tp.Title == "" {
			t.Fatalf("topic from order: %+v %v", tp, err)
		}
		if _, err := e.svc.TopicFromOrder(ctx, community, o.Number, deliberation.TopicInput{}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second topic: %v", err)
		}
		if id, may, _ := e.svc.OrderLink(ctx, community, o); id != tp.ID || may {
			t.Fatalf("order link after: %d %v", id, may)
		}
		if _, err := e.svc.TopicFromOrder(ctx, other, o.Number, deliberation.TopicInput{}); err == nil {
			t.Fatal("another community raised the order")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.number = ? AND e.action = 'deliberation_raised'`, o.Number); n != 1 {
			t.Fatalf("timeline raised entries: %d", n)
		}
	})
}

// Measures count topics, meetings and tasks per community from the records.
func TestMeasures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		start := e.now.Now().Add(-time.Hour)
		m, tp := e.meetingWithTopic(t)
		e.svc.Propose(ctx, community, deliberation.TopicInput{CommunityCode: ordertest.Community1, Title: "待议的", Description: "还没有上会的议题"})
		e.now.Advance(2 * time.Hour)
		e.svc.AddParticipant(ctx, community, m.ID, deliberation.ParticipantInput{Kind: "staff", Name: "吴书记"})
		if _, err := e.svc.Hold(ctx, community, m.ID, 0, "会议纪要若干"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Decide(ctx, community, tp.ID, 0, deliberation.Decision{Outcome: "adopted", Text: "同意增设充电桩"}); err != nil {
			t.Fatal(err)
		}
		e.svc.AddTask(ctx, community, tp.ID, deliberation.TaskInput{Title: "选址", Owner: "社区居委会", DueAt: e.now.Now().Add(24 * time.Hour)})
		e.svc.AddTask(ctx, community, tp.ID, deliberation.TaskInput{Title: "安装", Owner: "物业", DueAt: e.now.Now().Add(48 * time.Hour)})
		e.now.Advance(30 * time.Hour)
		ms, err := e.svc.Measures(ctx, street, "", start, e.now.Now())
		if err != nil || len(ms) != 1 {
			t.Fatalf("measures %+v %v", ms, err)
		}
		got := ms[0]
		if got.CommunityCode != ordertest.Community1 || got.Topics != 2 || got.Decided != 1 || got.Adopted != 1 || got.Meetings != 1 ||
			got.Tasks != 2 || got.TasksDone != 0 || got.TasksOverdue != 1 {
			t.Fatalf("measure %+v", got)
		}
		if _, err := e.svc.Measures(ctx, gridUser, "", start, e.now.Now()); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("grid worker measures: %v", err)
		}
	})
}
