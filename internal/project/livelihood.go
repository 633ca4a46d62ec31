package project

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Item is one 民生实事 of a year's list: a target quantity with its unit,
// a lead department, a deadline and quarterly reports.
type Item struct {
	ID             int64
	RegionCode     string
	Year, Seq      int
	Title          string
	TargetQuantity int64
	Unit           string
	LeadDepartment string
	Deadline       string
	Published      bool
	Reports        []ItemReport
	Done           int64 // the latest quarter's cumulative quantity
}

// ItemReport is a quarter's progress with its evidence.
type ItemReport struct {
	Quarter      int
	DoneQuantity int64 // cumulative
	Note         string
	EvidenceSHA  string
	EvidenceType string
	EvidenceName string
	ReportedAt   time.Time
}

// Percent is the share of the target done, capped at 100.
func (it Item) Percent() int {
	if it.TargetQuantity <= 0 {
		return 0
	}
	return int(min(100, it.Done*100/it.TargetQuantity))
}

// StatusOn is 已完成, 进行中, 未开始 or 已逾期 on day (YYYY-MM-DD).
func (it Item) StatusOn(day string) string {
	switch {
	case it.Done >= it.TargetQuantity:
		return "已完成"
	case it.Deadline < day:
		return "已逾期"
	case it.Done > 0:
		return "进行中"
	}
	return "未开始"
}

// AddItem adds an item to a year's list.
func AddItem(ctx context.Context, q store.Querier, ed grid.Editor, it Item) (Item, error) {
	if err := mayManage(ed); err != nil {
		return Item{}, err
	}
	if !ed.Scope.CoversRegion(it.RegionCode) {
		return Item{}, notFound("region %s", it.RegionCode)
	}
	var err error
	if it.Title, err = cleanName("item (实事项目)", it.Title, 80); err != nil {
		return Item{}, err
	}
	if it.Unit, err = cleanName("unit (单位)", it.Unit, 8); err != nil {
		return Item{}, err
	}
	if it.LeadDepartment, err = cleanName("lead department (牵头部门)", it.LeadDepartment, 40); err != nil {
		return Item{}, err
	}
	if it.TargetQuantity <= 0 {
		return Item{}, invalid("the target must be more than zero — 目标数量须大于零")
	}
	if it.Year < 2000 || it.Year > 2100 {
		return Item{}, invalid("year %d — 年度不对", it.Year)
	}
	if _, err := parseDate("deadline (完成时限)", it.Deadline); err != nil {
		return Item{}, err
	}
	now := store.Millis(ed.At())
	err = q.QueryRowContext(ctx, `INSERT INTO livelihood_items (region_code, year, seq, title, target_quantity, unit, lead_department, deadline, published, created_at, updated_at)
		VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM livelihood_items WHERE region_code = ? AND year = ?), ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, seq`,
		it.RegionCode, it.Year, it.RegionCode, it.Year, it.Title, it.TargetQuantity, it.Unit, it.LeadDepartment, it.Deadline, it.Published, now, now).Scan(&it.ID, &it.Seq)
	if store.IsUniqueViolation(err) {
		return Item{}, fmt.Errorf("%w: try again — 请重试", ErrConflict)
	}
	return it, err
}

// ReportQuarter records (or replaces) a quarter's cumulative progress
// with evidence: a photo or a file, stored by content hash.
func ReportQuarter(ctx context.Context, q store.Querier, ed grid.Editor, up Uploads, itemID int64, r ItemReport, evidence []byte, now time.Time) error {
	if err := mayManage(ed); err != nil {
		return err
	}
	it, err := GetItem(ctx, q, ed.Scope, itemID)
	if err != nil {
		return err
	}
	if r.Quarter < 1 || r.Quarter > 4 {
		return invalid("quarter %d: give 1 to 4 — 季度须为 1 至 4", r.Quarter)
	}
	if r.DoneQuantity < 0 {
		return invalid("the quantity done cannot be negative — 完成数量不能为负")
	}
	for _, prev := range it.Reports {
		if prev.Quarter < r.Quarter && prev.DoneQuantity > r.DoneQuantity {
			return invalid("quarter %d reports %d %s done, fewer than quarter %d's %d (the figure is cumulative) — 完成数量为累计数，不能少于上季度",
				r.Quarter, r.DoneQuantity, it.Unit, prev.Quarter, prev.DoneQuantity)
		}
	}
	if r.Note, err = cleanName("note (进展说明)", r.Note, 500); err != nil {
		return err
	}
	if len(evidence) > 0 {
		if len(evidence) > MaxPhotoBytes {
			return invalid("the evidence is larger than %d MiB — 佐证材料过大", MaxPhotoBytes>>20)
		}
		if up == "" {
			return fmt.Errorf("project: no upload directory")
		}
		r.EvidenceType = sniff(evidence)
		if r.EvidenceType == "" {
			r.EvidenceType = "application/octet-stream"
		}
		if r.EvidenceSHA, err = up.save(evidence); err != nil {
			return err
		}
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM livelihood_reports WHERE item_id = ? AND quarter = ?`, itemID, r.Quarter); err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO livelihood_reports (item_id, quarter, done_quantity, note, evidence_sha256, evidence_type, evidence_name, reported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, itemID, r.Quarter, r.DoneQuantity, r.Note, r.EvidenceSHA, r.EvidenceType, r.EvidenceName, store.Millis(now))
	return err
}

// GetItem returns an item the scope sees (the public: published ones).
func GetItem(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Item, error) {
	its, err := loadItems(ctx, q, `id = ?`, id)
	if err != nil {
		return Item{}, err
	}
	if len(its) == 0 || !itemVisible(scope, its[0]) {
		return Item{}, notFound("item %d", id)
	}
	return its[0], nil
}

func itemVisible(scope auth.Scope, it Item) bool {
	if scope.IsZero() {
		return it.Published
	}
	return scope.CoversRegion(it.RegionCode) || hasPrefix(scope.RegionPrefix(), it.RegionCode)
}

// Items lists a year's items the scope sees, in their order.
func Items(ctx context.Context, q store.Querier, scope auth.Scope, year int) ([]Item, error) {
	its, err := loadItems(ctx, q, `year = ?`, year)
	if err != nil {
		return nil, err
	}
	out := its[:0]
	for _, it := range its {
		if itemVisible(scope, it) {
			out = append(out, it)
		}
	}
	return out, nil
}

func loadItems(ctx context.Context, q store.Querier, where string, args ...any) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, region_code, year, seq, title, target_quantity, unit, lead_department, deadline, published
		FROM livelihood_items WHERE `+where+` ORDER BY region_code, year, seq`, args...)
	if err != nil {
		return nil, err
	}
	var its []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.RegionCode, &it.Year, &it.Seq, &it.Title, &it.TargetQuantity, &it.Unit, &it.LeadDepartment, &it.Deadline, &it.Published); err != nil {
			rows.Close()
			return nil, err
		}
		its = append(its, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range its {
		rows, err := q.QueryContext(ctx, `SELECT quarter, done_quantity, note, evidence_sha256, evidence_type, evidence_name, reported_at
			FROM livelihood_reports WHERE item_id = ? ORDER BY quarter`, its[i].ID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r ItemReport
			var at int64
			if err := rows.Scan(&r.Quarter, &r.DoneQuantity, &r.Note, &r.EvidenceSHA, &r.EvidenceType, &r.EvidenceName, &at); err != nil {
				rows.Close()
				return nil, err
			}
			r.ReportedAt = store.Time(at)
			its[i].Reports = append(its[i].Reports, r)
			its[i].Done = r.DoneQuantity
		}
		rows.Close()
	}
	return its, nil
}
