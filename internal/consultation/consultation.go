package consultation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// Stages of a consultation series.
const (
	StageWhether = "whether" // 改不改
	StageWhat    = "what"    // 改什么
	StageHow     = "how"     // 怎么改
)

// StageNames are the stages in Chinese.
var StageNames = map[string]string{StageWhether: "改不改", StageWhat: "改什么", StageHow: "怎么改"}

// Statuses.
const (
	StatusDraft  = "draft"
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// StatusNames are the statuses in Chinese.
var StatusNames = map[string]string{StatusDraft: "未开始", StatusOpen: "征询中", StatusClosed: "已结束"}

// Option is a work item (改什么, with its estimated cost) or a plan (怎么改).
type Option struct {
	ID         int64
	Seq        int
	Name       string
	CostFen    int64
	WorkItemID int64 // 0 when none
}

// Consultation is one stage's question to the owners of a 小区's houses.
type Consultation struct {
	ID            int64
	ProjectID     int64
	ProjectName   string
	EstateID      int64
	EstateName    string
	CommunityCode string
	Year          int
	Stage         string
	Title         string
	Question      string
	Rule          string
	ConsentNum    int64
	ConsentDen    int64
	BudgetFen     int64
	Status        string
	OpenedAt      time.Time
	ClosedAt      time.Time
	Options       []Option
	Houses        int // eligible houses
}

// StageName is the stage in Chinese.
func (c Consultation) StageName() string { return StageNames[c.Stage] }

// StatusName is the status in Chinese.
func (c Consultation) StatusName() string { return StatusNames[c.Status] }

// RuleName is the rule in Chinese.
func (c Consultation) RuleName() string {
	if c.Rule == RuleConsent {
		return fmt.Sprintf("%s：%d/%d 以上的户同意", RuleNames[RuleConsent], c.ConsentNum, c.ConsentDen)
	}
	return RuleNames[c.Rule]
}

// MayRun says who runs consultations and records paper ballots at the
// desk: admins, street offices and community committees in their scope,
// and the departments that manage projects.
func MayRun(role string) bool {
	return role == auth.RoleCommunity || project.MayManage(role)
}

func mayRun(ed grid.Editor) error {
	if MayRun(ed.Role) {
		return nil
	}
	return fmt.Errorf("%w: a %q user may not run consultations — 无权组织征询", ErrForbidden, ed.Role)
}

// OptionInput is an option as created.
type OptionInput struct {
	Name       string
	CostFen    int64
	WorkItemID int64
}

// Input is what a consultation is created from. The houses are those of
// the project's buildings in the 小区 (or the named ones among them).
type Input struct {
	ProjectID  int64
	EstateID   int64
	Buildings  []string
	Stage      string
	Title      string
	Question   string
	Rule       string
	ConsentNum int64 // household share for RuleConsent; 0/0 means 2/3
	ConsentDen int64
	BudgetFen  int64 // 改什么: the chosen items must fit it
	Options    []OptionInput
}

func (in *Input) check() error {
	if _, ok := StageNames[in.Stage]; !ok {
		return invalid("stage %q: use whether, what or how — 阶段须为改不改、改什么、怎么改", in.Stage)
	}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || len([]rune(in.Title)) > 80 {
		return invalid("give a title of at most 80 characters — 标题须为 1 至 80 字")
	}
	in.Question = strings.TrimSpace(in.Question)
	if len([]rune(in.Question)) > 2000 {
		return invalid("the question is longer than 2000 characters — 说明过长")
	}
	if !ValidRule(in.Rule) {
		return invalid("rule %q: use civil278_major, civil278_ordinary or consent — 表决规则不对", in.Rule)
	}
	if in.ConsentNum == 0 && in.ConsentDen == 0 {
		in.ConsentNum, in.ConsentDen = 2, 3
	}
	if in.ConsentNum <= 0 || in.ConsentDen <= 0 || in.ConsentNum > in.ConsentDen {
		return invalid("the household share %d/%d is not a fraction from 0 to 1 — 同意比例不对", in.ConsentNum, in.ConsentDen)
	}
	if in.Rule == RuleConsent && in.Stage != StageWhether {
		return invalid("household consent decides 改不改 only — 户数同意比例只用于“改不改”")
	}
	if in.BudgetFen < 0 {
		return invalid("the budget cannot be negative — 预算不能为负")
	}
	switch in.Stage {
	case StageWhether:
		if len(in.Options) > 0 {
			return invalid("改不改 is answered yes or no; it has no options — “改不改”不设选项")
		}
	case StageWhat:
		if len(in.Options) == 0 || in.BudgetFen <= 0 {
			return invalid("改什么 needs work items and a budget — “改什么”须列出改造内容并给出预算")
		}
	case StageHow:
		if len(in.Options) < 2 {
			return invalid("怎么改 needs at least two plans — “怎么改”至少两个方案")
		}
	}
	names := map[string]bool{}
	for i := range in.Options {
		o := &in.Options[i]
		o.Name = strings.TrimSpace(o.Name)
		if o.Name == "" || len([]rune(o.Name)) > 60 {
			return invalid("option %d needs a name of at most 60 characters — 选项名称须为 1 至 60 字", i+1)
		}
		if names[o.Name] {
			return invalid("option %q is named twice — 选项重复", o.Name)
		}
		names[o.Name] = true
		if o.CostFen < 0 {
			return invalid("option %q has a negative cost — 估算金额不能为负", o.Name)
		}
		if in.Stage == StageWhat && o.CostFen > in.BudgetFen {
			return invalid("option %q costs more than the whole budget — “%s”超出预算", o.Name, o.Name)
		}
	}
	return nil
}

// Create adds a consultation (draft) to a project's 小区, fixing its
// eligible houses with their area and owner groups. Run it in a
// transaction.
func Create(ctx context.Context, q store.Querier, ed grid.Editor, in Input, now time.Time) (Consultation, error) {
	if err := mayRun(ed); err != nil {
		return Consultation{}, err
	}
	if err := in.check(); err != nil {
		return Consultation{}, err
	}
	p, err := project.Get(ctx, q, ed.Scope, in.ProjectID)
	if err != nil {
		return Consultation{}, notFound("project %d", in.ProjectID)
	}
	i := slices.IndexFunc(p.Estates, func(e project.EstateRef) bool { return e.ID == in.EstateID })
	if i < 0 || !ed.Scope.CoversRegion(p.Estates[i].CommunityCode) {
		return Consultation{}, notFound("小区 %d in project %d", in.EstateID, in.ProjectID)
	}
	estate := p.Estates[i]
	covered, err := strings1(ctx, q, `SELECT building_code FROM project_buildings WHERE project_id = ? AND estate_id = ? ORDER BY building_code`, p.ID, estate.ID)
	if err != nil {
		return Consultation{}, err
	}
	buildings := covered
	if len(in.Buildings) > 0 {
		buildings = nil
		for _, b := range in.Buildings {
			if !slices.Contains(covered, b) {
				return Consultation{}, invalid("building %s is not covered by the project in this 小区 — 楼栋 %s 不在该项目的小区范围内", b, b)
			}
			if !slices.Contains(buildings, b) {
				buildings = append(buildings, b)
			}
		}
	}
	houses, err := housesOf(ctx, q, buildings)
	if err != nil {
		return Consultation{}, err
	}
	if len(houses) == 0 {
		return Consultation{}, invalid("the chosen buildings have no houses — 所选楼栋没有房屋")
	}
	for _, o := range in.Options {
		if o.WorkItemID == 0 {
			continue
		}
		var one int
		if err := q.QueryRowContext(ctx, `SELECT 1 FROM project_work_items WHERE id = ? AND retired_at IS NULL`, o.WorkItemID).Scan(&one); store.IsNoRows(err) {
			return Consultation{}, invalid("work item %d is not in the catalogue — 改造内容不在目录中", o.WorkItemID)
		} else if err != nil {
			return Consultation{}, err
		}
	}
	ms := store.Millis(now)
	var id int64
	if err := q.QueryRowContext(ctx, `INSERT INTO consultations (project_id, estate_id, community_code, year, stage, title, question, rule,
		consent_num, consent_den, budget_fen, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id`,
		p.ID, estate.ID, estate.CommunityCode, p.Year, in.Stage, in.Title, in.Question, in.Rule, in.ConsentNum, in.ConsentDen, in.BudgetFen, ms, ms).Scan(&id); err != nil {
		return Consultation{}, err
	}
	for i, o := range in.Options {
		var wi any
		if o.WorkItemID != 0 {
			wi = o.WorkItemID
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO consultation_options (consultation_id, seq, name, cost_fen, work_item_id) VALUES (?, ?, ?, ?, ?)`,
			id, i+1, o.Name, o.CostFen, wi); err != nil {
			return Consultation{}, err
		}
	}
	ids := make([]int64, len(houses))
	for i, h := range houses {
		ids[i] = h.ID
	}
	owners, err := people.OwnersOf(ctx, q, ids)
	if err != nil {
		return Consultation{}, err
	}
	persons := map[int64][]int64{}
	for h, os := range owners {
		for _, o := range os {
			persons[h] = append(persons[h], o.PersonID)
		}
	}
	groups := OwnerGroups(ids, persons)
	for _, h := range houses {
		if _, err := q.ExecContext(ctx, `INSERT INTO consultation_houses (consultation_id, house_id, area_dm2, owner_group) VALUES (?, ?, ?, ?)`,
			id, h.ID, h.AreaDM2, groups[h.ID]); err != nil {
			return Consultation{}, err
		}
	}
	if err := ed.Actor.Record(ctx, q, now, "consultation.create", fmt.Sprintf("consultation:%d", id),
		fmt.Sprintf("%s %s, %d houses", StageNames[in.Stage], in.Title, len(houses))); err != nil {
		return Consultation{}, err
	}
	return Get(ctx, q, ed.Scope, id)
}

func housesOf(ctx context.Context, q store.Querier, buildings []string) ([]House, error) {
	var out []House
	for len(buildings) > 0 {
		n := min(len(buildings), 500)
		args := make([]any, n)
		for i, b := range buildings[:n] {
			args[i] = b
		}
		buildings = buildings[n:]
		rows, err := q.QueryContext(ctx, `SELECT id, area_dm2 FROM houses WHERE retired_at IS NULL AND building_code IN (`+marks(n)+`) ORDER BY id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h House
			if err := rows.Scan(&h.ID, &h.AreaDM2); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, h)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func strings1(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Open starts the ballot of a draft consultation.
func Open(ctx context.Context, q store.Querier, ed grid.Editor, id int64, now time.Time) error {
	if err := move(ctx, q, ed, id, StatusDraft, StatusOpen, "opened_at", now); err != nil {
		return err
	}
	return release(ctx, q, id, now)
}

// Close ends the ballot; the result is then final and published with the
// project.
func Close(ctx context.Context, q store.Querier, ed grid.Editor, id int64, now time.Time) error {
	if err := move(ctx, q, ed, id, StatusOpen, StatusClosed, "closed_at", now); err != nil {
		return err
	}
	return forget(ctx, q, id, now)
}

func move(ctx context.Context, q store.Querier, ed grid.Editor, id int64, from, to, column string, now time.Time) error {
	if err := mayRun(ed); err != nil {
		return err
	}
	c, err := Get(ctx, q, ed.Scope, id)
	if err != nil {
		return err
	}
	if c.Status != from {
		return conflict("consultation %d is %s, not %s — 征询状态为“%s”，不能%s", id, c.Status, from, c.StatusName(),
			map[string]string{StatusOpen: "开始", StatusClosed: "结束"}[to])
	}
	ms := store.Millis(now)
	res, err := q.ExecContext(ctx, `UPDATE consultations SET status = ?, `+column+` = ?, updated_at = ? WHERE id = ? AND status = ?`, to, ms, ms, id, from)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return conflict("consultation %d changed meanwhile — 征询状态已变", id)
	}
	return ed.Actor.Record(ctx, q, now, "consultation."+to, fmt.Sprintf("consultation:%d", id), c.Title)
}

// visible: staff whose scope covers the 小区's community see a
// consultation; the public sees closed ones of published projects.
func visible(ctx context.Context, q store.Querier, scope auth.Scope, c Consultation) (bool, error) {
	if !scope.IsZero() {
		return scope.CoversRegion(c.CommunityCode), nil
	}
	if c.Status != StatusClosed {
		return false, nil
	}
	var published bool
	err := q.QueryRowContext(ctx, `SELECT p.published AND g.published FROM projects p JOIN project_programmes g ON g.id = p.programme_id WHERE p.id = ?`,
		c.ProjectID).Scan(&published)
	return published, err
}

// Get returns a consultation the scope sees.
func Get(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Consultation, error) {
	cs, err := load(ctx, q, `c.id = ?`, id)
	if err != nil {
		return Consultation{}, err
	}
	if len(cs) == 0 {
		return Consultation{}, notFound("consultation %d", id)
	}
	ok, err := visible(ctx, q, scope, cs[0])
	if err != nil {
		return Consultation{}, err
	}
	if !ok {
		return Consultation{}, notFound("consultation %d", id)
	}
	return cs[0], nil
}

// List returns the consultations of a year (0: every year), or of one
// 小区 (estate ≠ 0), that the scope sees, in stage order.
func List(ctx context.Context, q store.Querier, scope auth.Scope, year int, estate int64) ([]Consultation, error) {
	cs, err := load(ctx, q, `(? = 0 OR c.year = ?) AND (? = 0 OR c.estate_id = ?)`, year, year, estate, estate)
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		ok, err := visible(ctx, q, scope, c)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, c)
		}
	}
	return out, nil
}

func load(ctx context.Context, q store.Querier, where string, args ...any) ([]Consultation, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.project_id, p.name, c.estate_id, e.name, c.community_code, c.year, c.stage, c.title, c.question,
		c.rule, c.consent_num, c.consent_den, c.budget_fen, c.status, COALESCE(c.opened_at, 0), COALESCE(c.closed_at, 0),
		(SELECT COUNT(*) FROM consultation_houses h WHERE h.consultation_id = c.id)
		FROM consultations c JOIN projects p ON p.id = c.project_id JOIN estates e ON e.id = c.estate_id
		WHERE `+where+` ORDER BY c.year DESC, c.estate_id, CASE c.stage WHEN 'whether' THEN 1 WHEN 'what' THEN 2 ELSE 3 END, c.id`, args...)
	if err != nil {
		return nil, err
	}
	var cs []Consultation
	for rows.Next() {
		var c Consultation
		var opened, closed int64
		if err := rows.Scan(&c.ID, &c.ProjectID, &c.ProjectName, &c.EstateID, &c.EstateName, &c.CommunityCode, &c.Year, &c.Stage, &c.Title, &c.Question,
			&c.Rule, &c.ConsentNum, &c.ConsentDen, &c.BudgetFen, &c.Status, &opened, &closed, &c.Houses); err != nil {
			rows.Close()
			return nil, err
		}
		if opened != 0 {
			c.OpenedAt = time.UnixMilli(opened)
		}
		if closed != 0 {
			c.ClosedAt = time.UnixMilli(closed)
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range cs {
		if cs[i].Options, err = options(ctx, q, cs[i].ID); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

func options(ctx context.Context, q store.Querier, id int64) ([]Option, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, seq, name, cost_fen, COALESCE(work_item_id, 0) FROM consultation_options WHERE consultation_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Option
	for rows.Next() {
		var o Option
		if err := rows.Scan(&o.ID, &o.Seq, &o.Name, &o.CostFen, &o.WorkItemID); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
