package project

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Levels of renovation (高/中/低).
var LevelNames = map[string]string{"high": "高", "mid": "中", "low": "低"}

// Funding sources and their Chinese names, in the order pages show them.
var (
	Sources     = []string{"central", "province", "local", "bond", "residents", "utility", "social"}
	SourceNames = map[string]string{"central": "中央补助", "province": "省级资金", "local": "市区财政", "bond": "专项债",
		"residents": "居民出资", "utility": "管线单位", "social": "社会资本"}
)

// Statuses of a project.
var StatusNames = map[string]string{"planned": "计划", "building": "施工中", "done": "已竣工", "accepted": "已验收"}

// Scopes suggested for 改造范围; any short text is accepted.
var ScopeSuggestions = []string{"楼本体", "配套基础设施", "燃气管网", "供水管网", "供热管网", "公共服务设施"}

// EstateRef is a 小区 a project covers, with its street.
type EstateRef struct {
	ID            int64
	Name          string
	CommunityCode string
	CommunityName string
	StreetCode    string
	StreetName    string
	Buildings     int
	Households    int
	Lng, Lat      float64 // centre of its covered buildings, 0 when none has a point
}

// Funding is one source's amount.
type Funding struct {
	Source    string
	AmountFen int64
}

// SourceName is the source in Chinese.
func (f Funding) SourceName() string { return SourceNames[f.Source] }

// Output is a project's quantity of one indicator in one 小区.
type Output struct {
	IndicatorID int64
	Name, Unit  string
	EstateID    int64
	Quantity    int64
}

// Project is a renovation project with everything computed from its
// records.
type Project struct {
	ID            int64
	ProgrammeID   int64
	ProgrammeName string
	RegionCode    string
	Year, Batch   int
	Name          string
	Scope         string
	Level         string
	Status        string
	Summary       string
	BudgetFen     int64
	Published     bool // the project and its programme are both published
	Version       int

	Estates    []EstateRef
	Buildings  []string // covered building codes
	Households int      // live houses in the covered buildings
	WorkItems  []WorkItem
	Funding    []Funding
	FundedFen  int64 // sum of Funding
	SpentFen   int64
	Outputs    []Output
	Sections   []Section
	Progress   int // contract-weighted progress of the sections, %
}

// LevelName is the level in Chinese.
func (p Project) LevelName() string { return LevelNames[p.Level] }

// StatusName is the status in Chinese.
func (p Project) StatusName() string { return StatusNames[p.Status] }

// Input is what a project is created from. Households are never typed:
// they are counted from the houses of the buildings.
type Input struct {
	ProgrammeID int64
	Name        string
	Scope       string // 楼本体, 配套基础设施, 燃气管网 …
	Level       string // high, mid, low
	BudgetFen   int64  // the declared total investment
	Summary     string
	EstateIDs   []int64
	// Buildings covered; empty means every live building of the 小区.
	Buildings []string
	WorkItems []int64
	// Funding by source; when given it must add up to BudgetFen.
	Funding   map[string]int64
	Published bool
}

const maxSummary = 2000

func (in *Input) check() error {
	var err error
	if in.Name, err = cleanName("project name (项目名称)", in.Name, 60); err != nil {
		return err
	}
	if in.Scope, err = cleanName("scope (改造范围)", in.Scope, 20); err != nil {
		return err
	}
	if _, ok := LevelNames[in.Level]; !ok {
		return invalid("level %q: use high, mid or low — 改造级别须为高、中、低", in.Level)
	}
	if in.BudgetFen <= 0 {
		return invalid("the total investment must be more than zero — 总投资须大于零")
	}
	if len([]rune(in.Summary)) > maxSummary {
		return invalid("the summary is longer than %d characters — 简介过长", maxSummary)
	}
	if len(in.EstateIDs) == 0 {
		return invalid("name at least one 小区 — 至少选择一个小区")
	}
	if len(in.Funding) > 0 {
		var sum int64
		for src, amt := range in.Funding {
			if _, ok := SourceNames[src]; !ok {
				return invalid("funding source %q: use one of %s — 资金来源不对", src, strings.Join(Sources, ", "))
			}
			if amt < 0 {
				return invalid("funding from %s is negative — 资金不能为负", SourceNames[src])
			}
			sum += amt
		}
		if sum != in.BudgetFen {
			return invalid("the funding sources add up to %s yuan, not the declared total of %s yuan — 资金来源合计 %s 元，与总投资 %s 元不符（相差 %s 元）",
				Yuan(sum), Yuan(in.BudgetFen), Yuan(sum), Yuan(in.BudgetFen), Yuan(abs(in.BudgetFen-sum)))
		}
	}
	return nil
}

// Create adds a project to a programme. The 小区 must lie in the editor's
// scope and the buildings in those 小区; funding that does not add up to
// the declared total is refused. Run it in a transaction.
func Create(ctx context.Context, q store.Querier, ed grid.Editor, in Input) (Project, error) {
	if err := mayManage(ed); err != nil {
		return Project{}, err
	}
	if err := in.check(); err != nil {
		return Project{}, err
	}
	prog, err := GetProgramme(ctx, q, ed.Scope, in.ProgrammeID)
	if err != nil {
		return Project{}, err
	}
	// The 小区 and their buildings.
	estateOf := map[string]int64{} // building → estate
	for _, id := range in.EstateIDs {
		var community string
		err := q.QueryRowContext(ctx, `SELECT community_code FROM estates WHERE id = ? AND retired_at IS NULL`, id).Scan(&community)
		if store.IsNoRows(err) || (err == nil && (!ed.Scope.CoversRegion(community) || !hasPrefix(community, prog.RegionCode))) {
			return Project{}, notFound("小区 %d", id)
		}
		if err != nil {
			return Project{}, err
		}
		codes, err := EstateBuildings(ctx, q, id)
		if err != nil {
			return Project{}, err
		}
		for _, c := range codes {
			estateOf[c] = id
		}
	}
	buildings := in.Buildings
	if len(buildings) == 0 {
		for c := range estateOf {
			buildings = append(buildings, c)
		}
		sort.Strings(buildings)
	}
	seen := map[string]bool{}
	for _, c := range buildings {
		if _, ok := estateOf[c]; !ok {
			return Project{}, invalid("building %s is not in the chosen 小区 — 楼栋 %s 不在所选小区内", c, c)
		}
		if seen[c] {
			return Project{}, invalid("building %s is named twice — 楼栋重复", c)
		}
		seen[c] = true
	}
	now := store.Millis(ed.At())
	status := "planned"
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO projects (programme_id, name, scope, level, budget_fen, status, published, summary, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, prog.ID, in.Name, in.Scope, in.Level, in.BudgetFen, status, in.Published, in.Summary, now, now).Scan(&id)
	if err != nil {
		return Project{}, err
	}
	for _, e := range uniq(in.EstateIDs) {
		if _, err := q.ExecContext(ctx, `INSERT INTO project_estates (project_id, estate_id) VALUES (?, ?)`, id, e); err != nil {
			return Project{}, err
		}
	}
	for _, c := range buildings {
		if _, err := q.ExecContext(ctx, `INSERT INTO project_buildings (project_id, building_code, estate_id) VALUES (?, ?, ?)`, id, c, estateOf[c]); err != nil {
			return Project{}, err
		}
	}
	for _, w := range uniq(in.WorkItems) {
		var one int
		if err := q.QueryRowContext(ctx, `SELECT 1 FROM project_work_items WHERE id = ? AND retired_at IS NULL`, w).Scan(&one); store.IsNoRows(err) {
			return Project{}, invalid("work item %d is not in the catalogue — 改造内容不在目录中", w)
		} else if err != nil {
			return Project{}, err
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO project_work (project_id, work_item_id) VALUES (?, ?)`, id, w); err != nil {
			return Project{}, err
		}
	}
	for _, src := range Sources {
		if amt, ok := in.Funding[src]; ok {
			if _, err := q.ExecContext(ctx, `INSERT INTO project_funding (project_id, source, amount_fen) VALUES (?, ?, ?)`, id, src, amt); err != nil {
				return Project{}, err
			}
		}
	}
	return Get(ctx, q, ed.Scope, id)
}

func uniq[T comparable](xs []T) []T {
	var out []T
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// EstateBuildings are the live buildings of a 小区: by the building's own
// estate or its standard address's.
func EstateBuildings(ctx context.Context, q store.Querier, estate int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT b.code FROM buildings b WHERE b.retired_at IS NULL AND (b.estate_id = ?
		OR b.code IN (SELECT a.building_code FROM addresses a WHERE a.level = 'building' AND a.estate_id = ? AND a.retired_at IS NULL))
		ORDER BY b.code`, estate, estate)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// visible: staff see a project when the scope covers one of its 小区 (or,
// without any, its programme's region); the public (zero scope) sees
// published projects of published programmes.
func visible(scope auth.Scope, p Project) bool {
	if scope.IsZero() {
		return p.Published
	}
	if len(p.Estates) == 0 {
		return scope.CoversRegion(p.RegionCode)
	}
	for _, e := range p.Estates {
		if scope.CoversRegion(e.CommunityCode) {
			return true
		}
	}
	return false
}

// head is a project's row and 小区, enough to decide who sees it; the
// write paths check with it instead of computing every figure.
func head(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Project, error) {
	var p Project
	err := q.QueryRowContext(ctx, `SELECT p.id, p.programme_id, g.region_code, p.name, p.published AND g.published
		FROM projects p JOIN project_programmes g ON g.id = p.programme_id WHERE p.id = ?`, id).
		Scan(&p.ID, &p.ProgrammeID, &p.RegionCode, &p.Name, &p.Published)
	if store.IsNoRows(err) {
		return Project{}, notFound("project %d", id)
	}
	if err != nil {
		return Project{}, err
	}
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.community_code FROM project_estates pe JOIN estates e ON e.id = pe.estate_id
		WHERE pe.project_id = ?`, id)
	if err != nil {
		return Project{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var e EstateRef
		if err := rows.Scan(&e.ID, &e.CommunityCode); err != nil {
			return Project{}, err
		}
		p.Estates = append(p.Estates, e)
	}
	if err := rows.Err(); err != nil {
		return Project{}, err
	}
	if !visible(scope, p) {
		return Project{}, notFound("project %d", id)
	}
	return p, nil
}

// Get returns a project the scope sees (the public: published ones).
func Get(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Project, error) {
	ps, err := load(ctx, q, `p.id = ?`, id)
	if err != nil {
		return Project{}, err
	}
	if len(ps) == 0 || !visible(scope, ps[0]) {
		return Project{}, notFound("project %d", id)
	}
	return ps[0], nil
}

// List returns the projects of a year (0: every year) the scope sees.
func List(ctx context.Context, q store.Querier, scope auth.Scope, year int) ([]Project, error) {
	ps, err := load(ctx, q, `(? = 0 OR g.year = ?)`, year, year)
	if err != nil {
		return nil, err
	}
	out := ps[:0]
	for _, p := range ps {
		if visible(scope, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// ByEstate returns the projects covering a 小区 that the scope sees.
func ByEstate(ctx context.Context, q store.Querier, scope auth.Scope, estate int64) ([]Project, error) {
	ps, err := load(ctx, q, `p.id IN (SELECT project_id FROM project_estates WHERE estate_id = ?)`, estate)
	if err != nil {
		return nil, err
	}
	out := ps[:0]
	for _, p := range ps {
		if visible(scope, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

func load(ctx context.Context, q store.Querier, where string, args ...any) ([]Project, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.programme_id, g.name, g.region_code, g.year, g.batch, p.name, p.scope, p.level,
		p.status, p.summary, p.budget_fen, p.published AND g.published, p.version
		FROM projects p JOIN project_programmes g ON g.id = p.programme_id WHERE `+where+` ORDER BY g.year DESC, g.batch, p.id`, args...)
	if err != nil {
		return nil, err
	}
	var ps []Project
	for rows.Next() {
		var p Project
		if err := rows.Scan(&p.ID, &p.ProgrammeID, &p.ProgrammeName, &p.RegionCode, &p.Year, &p.Batch, &p.Name, &p.Scope, &p.Level,
			&p.Status, &p.Summary, &p.BudgetFen, &p.Published, &p.Version); err != nil {
			rows.Close()
			return nil, err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range ps {
		if err := fill(ctx, q, &ps[i]); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

func fill(ctx context.Context, q store.Querier, p *Project) error {
	// 小区 with their street, buildings and households.
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.name, e.community_code, c.name, s.code, s.name,
		(SELECT COUNT(*) FROM project_buildings pb WHERE pb.project_id = pe.project_id AND pb.estate_id = e.id),
		(SELECT COUNT(*) FROM houses h JOIN project_buildings pb ON pb.building_code = h.building_code
			WHERE pb.project_id = pe.project_id AND pb.estate_id = e.id AND h.retired_at IS NULL),
		(SELECT COALESCE(AVG(b.lng), 0) FROM buildings b JOIN project_buildings pb ON pb.building_code = b.code
			WHERE pb.project_id = pe.project_id AND pb.estate_id = e.id AND b.lng IS NOT NULL),
		(SELECT COALESCE(AVG(b.lat), 0) FROM buildings b JOIN project_buildings pb ON pb.building_code = b.code
			WHERE pb.project_id = pe.project_id AND pb.estate_id = e.id AND b.lat IS NOT NULL)
		FROM project_estates pe JOIN estates e ON e.id = pe.estate_id JOIN regions c ON c.code = e.community_code
		JOIN regions s ON s.code = c.parent_code WHERE pe.project_id = ? ORDER BY s.code, e.name`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e EstateRef
		if err := rows.Scan(&e.ID, &e.Name, &e.CommunityCode, &e.CommunityName, &e.StreetCode, &e.StreetName, &e.Buildings, &e.Households, &e.Lng, &e.Lat); err != nil {
			rows.Close()
			return err
		}
		p.Estates = append(p.Estates, e)
		p.Households += e.Households
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if p.Buildings, err = strings1(ctx, q, `SELECT building_code FROM project_buildings WHERE project_id = ? ORDER BY building_code`, p.ID); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT w.id, w.name, w.class FROM project_work pw JOIN project_work_items w ON w.id = pw.work_item_id
		WHERE pw.project_id = ? ORDER BY w.id`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var w WorkItem
		if err := rows.Scan(&w.ID, &w.Name, &w.Class); err != nil {
			rows.Close()
			return err
		}
		p.WorkItems = append(p.WorkItems, w)
	}
	rows.Close()
	byKey := map[string]int64{}
	rows, err = q.QueryContext(ctx, `SELECT source, amount_fen FROM project_funding WHERE project_id = ?`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var f Funding
		if err := rows.Scan(&f.Source, &f.AmountFen); err != nil {
			rows.Close()
			return err
		}
		byKey[f.Source] = f.AmountFen
	}
	rows.Close()
	for _, src := range Sources {
		if amt, ok := byKey[src]; ok {
			p.Funding = append(p.Funding, Funding{Source: src, AmountFen: amt})
			p.FundedFen += amt
		}
	}
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount_fen), 0) FROM project_spending WHERE project_id = ?`, p.ID).Scan(&p.SpentFen); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT i.id, i.name, i.unit, o.estate_id, o.quantity FROM project_outputs o
		JOIN project_indicators i ON i.id = o.indicator_id WHERE o.project_id = ? ORDER BY i.sort, i.id, o.estate_id`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o Output
		if err := rows.Scan(&o.IndicatorID, &o.Name, &o.Unit, &o.EstateID, &o.Quantity); err != nil {
			rows.Close()
			return err
		}
		p.Outputs = append(p.Outputs, o)
	}
	rows.Close()
	if p.Sections, err = sections(ctx, q, p.ID); err != nil {
		return err
	}
	var weight, done int64
	for _, s := range p.Sections {
		w := max(s.ContractFen, 1)
		weight += w
		done += w * int64(s.Progress)
	}
	if weight > 0 {
		p.Progress = int(done / weight)
	}
	return nil
}

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

// RecordOutput sets a project's quantity of an indicator in one of its 小区.
func RecordOutput(ctx context.Context, q store.Querier, ed grid.Editor, projectID, indicatorID, estateID, quantity int64) error {
	if err := mayManage(ed); err != nil {
		return err
	}
	p, err := head(ctx, q, ed.Scope, projectID)
	if err != nil {
		return err
	}
	if quantity < 0 {
		return invalid("a quantity cannot be negative — 数量不能为负")
	}
	if !slices.ContainsFunc(p.Estates, func(e EstateRef) bool { return e.ID == estateID }) {
		return invalid("小区 %d is not covered by project %s — 该小区不在项目范围内", estateID, p.Name)
	}
	var one int
	if err := q.QueryRowContext(ctx, `SELECT 1 FROM project_indicators WHERE id = ? AND retired_at IS NULL`, indicatorID).Scan(&one); store.IsNoRows(err) {
		return invalid("indicator %d is not in the list — 指标不存在", indicatorID)
	} else if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM project_outputs WHERE project_id = ? AND indicator_id = ? AND estate_id = ?`, projectID, indicatorID, estateID); err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO project_outputs (project_id, indicator_id, estate_id, quantity) VALUES (?, ?, ?, ?)`,
		projectID, indicatorID, estateID, quantity)
	return err
}

// RecordSpending books a payment against a project.
func RecordSpending(ctx context.Context, q store.Querier, ed grid.Editor, projectID int64, paidOn string, amountFen int64, note string) error {
	if err := mayManage(ed); err != nil {
		return err
	}
	if _, err := head(ctx, q, ed.Scope, projectID); err != nil {
		return err
	}
	if amountFen <= 0 {
		return invalid("a payment must be more than zero — 支出金额须大于零")
	}
	if _, err := parseDate("paid on (支付日期)", paidOn); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO project_spending (project_id, paid_on, amount_fen, note, created_at) VALUES (?, ?, ?, ?, ?)`,
		projectID, paidOn, amountFen, strings.TrimSpace(note), store.Millis(ed.At()))
	return err
}

// SetStatus moves a project to a status.
func SetStatus(ctx context.Context, q store.Querier, ed grid.Editor, projectID int64, status string, published bool) error {
	if err := mayManage(ed); err != nil {
		return err
	}
	if _, ok := StatusNames[status]; !ok {
		return invalid("status %q: use planned, building, done or accepted — 状态不对", status)
	}
	if _, err := head(ctx, q, ed.Scope, projectID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE projects SET status = ?, published = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		status, published, store.Millis(ed.At()), projectID)
	return err
}

func parseDate(what, s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, invalid("%s %q: write YYYY-MM-DD — 日期格式应为 年-月-日", what, s)
	}
	return t, nil
}

var _ = fmt.Sprint

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
