package project

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Work item classes under 国办发〔2020〕23号.
const (
	ClassBasic   = "basic"   // 基础类
	ClassImprove = "improve" // 完善类
	ClassUpgrade = "upgrade" // 提升类
)

// ClassNames are the classes' Chinese names.
var ClassNames = map[string]string{ClassBasic: "基础类", ClassImprove: "完善类", ClassUpgrade: "提升类"}

// WorkItem is a catalogue entry of 改造内容.
type WorkItem struct {
	ID    int64
	Name  string
	Class string
}

// ClassName is the class in Chinese.
func (w WorkItem) ClassName() string { return ClassNames[w.Class] }

// Indicator is a catalogue entry of 建设指标 with its unit.
type Indicator struct {
	ID   int64
	Name string
	Unit string
	Sort int
}

// DefaultWorkItems is the catalogue a new deployment starts from.
var DefaultWorkItems = []WorkItem{
	{Name: "屋面防水", Class: ClassBasic}, {Name: "外墙保温", Class: ClassBasic}, {Name: "楼道粉刷", Class: ClassBasic},
	{Name: "单元门/门禁", Class: ClassBasic}, {Name: "雨污管网", Class: ClassBasic}, {Name: "燃气管网", Class: ClassBasic},
	{Name: "供水管网", Class: ClassBasic}, {Name: "道路", Class: ClassBasic}, {Name: "路灯", Class: ClassBasic},
	{Name: "停车位", Class: ClassImprove}, {Name: "绿化", Class: ClassImprove}, {Name: "无障碍", Class: ClassImprove},
	{Name: "视频监控", Class: ClassImprove}, {Name: "微型消防站", Class: ClassImprove},
	{Name: "健身器材", Class: ClassUpgrade}, {Name: "口袋公园", Class: ClassUpgrade}, {Name: "养老托育设施", Class: ClassUpgrade},
}

// DefaultIndicators is the indicator list a new deployment starts from.
var DefaultIndicators = []Indicator{
	{Name: "道路", Unit: "m²"}, {Name: "管网", Unit: "m"}, {Name: "路灯", Unit: "基"}, {Name: "监控点位", Unit: "个"},
	{Name: "门禁", Unit: "个"}, {Name: "停车位", Unit: "个"}, {Name: "楼道", Unit: "个"}, {Name: "口袋公园", Unit: "个"},
	{Name: "微型消防站", Unit: "个"}, {Name: "违章建筑拆除", Unit: "个"},
}

func mayAdmin(ed grid.Editor) error {
	if ed.Role != auth.RoleAdmin {
		return fmt.Errorf("%w: only an admin edits the catalogues — 仅管理员可维护目录", ErrForbidden)
	}
	return nil
}

func cleanName(what, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > max || strings.ContainsAny(s, "\r\n\t") {
		return "", invalid("%s must be 1 to %d characters on one line — %s须为1至%d字", what, max, what, max)
	}
	return s, nil
}

// AddWorkItem adds an entry to the work item catalogue (admins).
func AddWorkItem(ctx context.Context, q store.Querier, ed grid.Editor, name, class string) (WorkItem, error) {
	if err := mayAdmin(ed); err != nil {
		return WorkItem{}, err
	}
	name, err := cleanName("work item (改造内容)", name, 30)
	if err != nil {
		return WorkItem{}, err
	}
	if _, ok := ClassNames[class]; !ok {
		return WorkItem{}, invalid("class %q: use basic (基础类), improve (完善类) or upgrade (提升类)", class)
	}
	w := WorkItem{Name: name, Class: class}
	err = q.QueryRowContext(ctx, `INSERT INTO project_work_items (name, class, created_at) VALUES (?, ?, ?) RETURNING id`,
		name, class, store.Millis(ed.At())).Scan(&w.ID)
	if store.IsUniqueViolation(err) {
		return WorkItem{}, fmt.Errorf("%w: the catalogue already has %s — 目录中已有该项", ErrConflict, name)
	}
	return w, err
}

// WorkItems lists the live catalogue by class and name.
func WorkItems(ctx context.Context, q store.Querier) ([]WorkItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, class FROM project_work_items WHERE retired_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WorkItem
	for rows.Next() {
		var w WorkItem
		if err := rows.Scan(&w.ID, &w.Name, &w.Class); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// AddIndicator adds an output indicator with its unit (admins).
func AddIndicator(ctx context.Context, q store.Querier, ed grid.Editor, name, unit string) (Indicator, error) {
	if err := mayAdmin(ed); err != nil {
		return Indicator{}, err
	}
	name, err := cleanName("indicator (建设指标)", name, 30)
	if err != nil {
		return Indicator{}, err
	}
	if unit, err = cleanName("unit (单位)", unit, 8); err != nil {
		return Indicator{}, err
	}
	in := Indicator{Name: name, Unit: unit}
	err = q.QueryRowContext(ctx, `INSERT INTO project_indicators (name, unit, sort, created_at)
		VALUES (?, ?, (SELECT COALESCE(MAX(sort), 0) + 1 FROM project_indicators), ?) RETURNING id, sort`,
		name, unit, store.Millis(ed.At())).Scan(&in.ID, &in.Sort)
	if store.IsUniqueViolation(err) {
		return Indicator{}, fmt.Errorf("%w: the indicator list already has %s — 已有该指标", ErrConflict, name)
	}
	return in, err
}

// Indicators lists the live indicators in their order.
func Indicators(ctx context.Context, q store.Querier) ([]Indicator, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, unit, sort FROM project_indicators WHERE retired_at IS NULL ORDER BY sort, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Indicator
	for rows.Next() {
		var in Indicator
		if err := rows.Scan(&in.ID, &in.Name, &in.Unit, &in.Sort); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// SeedCatalogues adds the default work items and indicators that are not
// there yet (a new deployment, the demo).
func SeedCatalogues(ctx context.Context, q store.Querier, ed grid.Editor) error {
	have, err := WorkItems(ctx, q)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for _, w := range have {
		names[w.Name] = true
	}
	for _, w := range DefaultWorkItems {
		if !names[w.Name] {
			if _, err := AddWorkItem(ctx, q, ed, w.Name, w.Class); err != nil {
				return err
			}
		}
	}
	ins, err := Indicators(ctx, q)
	if err != nil {
		return err
	}
	names = map[string]bool{}
	for _, in := range ins {
		names[in.Name] = true
	}
	for _, in := range DefaultIndicators {
		if !names[in.Name] {
			if _, err := AddIndicator(ctx, q, ed, in.Name, in.Unit); err != nil {
				return err
			}
		}
	}
	return nil
}
