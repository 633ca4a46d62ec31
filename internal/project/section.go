package project

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/imagemeta"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Milestones of a 标段, in order.
var (
	MilestoneKinds = []string{"approve", "design", "tender", "start", "finish", "accept", "audit"}
	MilestoneNames = map[string]string{"approve": "立项", "design": "设计", "tender": "招标", "start": "开工",
		"finish": "竣工", "accept": "验收", "audit": "审计"}
	StageNames = map[string]string{"before": "施工前", "during": "施工中", "after": "施工后"}
)

// Milestone is a planned step and the day it was done ("" until then).
type Milestone struct {
	Kind, PlannedOn, DoneOn string
}

// Name is the milestone in Chinese.
func (m Milestone) Name() string { return MilestoneNames[m.Kind] }

// Section is a 标段: a contract lot of a project.
type Section struct {
	ID           int64
	ProjectID    int64
	Name         string
	Contractor   string
	Supervisor   string // 监理单位
	ContractFen  int64
	PlannedStart string
	PlannedEnd   string
	ActualStart  string
	ActualEnd    string
	Progress     int
	Milestones   []Milestone
}

// OverdueOn reports whether the section is late on day (YYYY-MM-DD): not
// finished after its planned end, or a milestone not done after its day.
func (s Section) OverdueOn(day string) bool {
	if s.ActualEnd == "" && s.PlannedEnd < day {
		return true
	}
	for _, m := range s.Milestones {
		if m.DoneOn == "" && m.PlannedOn < day {
			return true
		}
	}
	return false
}

// LateMilestones are the milestones not done by their day.
func (s Section) LateMilestones(day string) []Milestone {
	var out []Milestone
	for _, m := range s.Milestones {
		if m.DoneOn == "" && m.PlannedOn < day {
			out = append(out, m)
		}
	}
	return out
}

// SectionInput is a new 标段; Milestones maps kind → planned day.
type SectionInput struct {
	Name, Contractor, Supervisor string
	ContractFen                  int64
	PlannedStart, PlannedEnd     string
	Milestones                   map[string]string
}

// CreateSection adds a 标段 to a project in the scope.
func CreateSection(ctx context.Context, q store.Querier, ed grid.Editor, projectID int64, in SectionInput) (Section, error) {
	if err := mayManage(ed); err != nil {
		return Section{}, err
	}
	if _, err := head(ctx, q, ed.Scope, projectID); err != nil {
		return Section{}, err
	}
	var err error
	if in.Name, err = cleanName("section name (标段名称)", in.Name, 40); err != nil {
		return Section{}, err
	}
	if in.Contractor, err = cleanName("contractor (施工单位)", in.Contractor, 60); err != nil {
		return Section{}, err
	}
	if in.Supervisor, err = cleanName("supervising unit (监理单位)", in.Supervisor, 60); err != nil {
		return Section{}, err
	}
	if in.ContractFen <= 0 {
		return Section{}, invalid("the contract sum must be more than zero — 合同金额须大于零")
	}
	start, err := parseDate("planned start (计划开工)", in.PlannedStart)
	if err != nil {
		return Section{}, err
	}
	end, err := parseDate("planned end (计划竣工)", in.PlannedEnd)
	if err != nil {
		return Section{}, err
	}
	if end.Before(start) {
		return Section{}, invalid("the planned end %s is before the start %s — 计划竣工早于计划开工", in.PlannedEnd, in.PlannedStart)
	}
	for k, d := range in.Milestones {
		if _, ok := MilestoneNames[k]; !ok {
			return Section{}, invalid("milestone %q: use one of %s — 节点不对", k, strings.Join(MilestoneKinds, ", "))
		}
		if _, err := parseDate("milestone "+MilestoneNames[k], d); err != nil {
			return Section{}, err
		}
	}
	now := store.Millis(ed.At())
	var id int64
	if err := q.QueryRowContext(ctx, `INSERT INTO project_sections (project_id, name, contractor, supervisor, contract_fen, planned_start, planned_end, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, projectID, in.Name, in.Contractor, in.Supervisor, in.ContractFen,
		in.PlannedStart, in.PlannedEnd, now, now).Scan(&id); err != nil {
		return Section{}, err
	}
	for _, k := range MilestoneKinds {
		if d, ok := in.Milestones[k]; ok {
			if _, err := q.ExecContext(ctx, `INSERT INTO section_milestones (section_id, kind, planned_on) VALUES (?, ?, ?)`, id, k, d); err != nil {
				return Section{}, err
			}
		}
	}
	return getSection(ctx, q, ed.Scope, id)
}

func getSection(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Section, error) {
	var pid int64
	err := q.QueryRowContext(ctx, `SELECT project_id FROM project_sections WHERE id = ?`, id).Scan(&pid)
	if store.IsNoRows(err) {
		return Section{}, notFound("section %d", id)
	}
	if err != nil {
		return Section{}, err
	}
	if _, err := head(ctx, q, scope, pid); err != nil {
		return Section{}, notFound("section %d", id)
	}
	ss, err := sections(ctx, q, pid)
	if err != nil {
		return Section{}, err
	}
	for _, s := range ss {
		if s.ID == id {
			return s, nil
		}
	}
	return Section{}, notFound("section %d", id)
}

func sections(ctx context.Context, q store.Querier, projectID int64) ([]Section, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, project_id, name, contractor, supervisor, contract_fen, planned_start, planned_end,
		actual_start, actual_end, progress FROM project_sections WHERE project_id = ? ORDER BY id`, projectID)
	if err != nil {
		return nil, err
	}
	var out []Section
	for rows.Next() {
		var s Section
		if err := rows.Scan(&s.ID, &s.ProjectID, &s.Name, &s.Contractor, &s.Supervisor, &s.ContractFen, &s.PlannedStart, &s.PlannedEnd,
			&s.ActualStart, &s.ActualEnd, &s.Progress); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		ms := map[string]Milestone{}
		rows, err := q.QueryContext(ctx, `SELECT kind, planned_on, done_on FROM section_milestones WHERE section_id = ?`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var m Milestone
			if err := rows.Scan(&m.Kind, &m.PlannedOn, &m.DoneOn); err != nil {
				rows.Close()
				return nil, err
			}
			ms[m.Kind] = m
		}
		rows.Close()
		for _, k := range MilestoneKinds {
			if m, ok := ms[k]; ok {
				out[i].Milestones = append(out[i].Milestones, m)
			}
		}
	}
	return out, nil
}

// CompleteMilestone records the day a milestone was done; 开工 and 竣工
// also set the section's actual start and end.
func CompleteMilestone(ctx context.Context, q store.Querier, ed grid.Editor, sectionID int64, kind, day string) error {
	if err := mayManage(ed); err != nil {
		return err
	}
	if _, err := getSection(ctx, q, ed.Scope, sectionID); err != nil {
		return err
	}
	if _, ok := MilestoneNames[kind]; !ok {
		return invalid("milestone %q: use one of %s — 节点不对", kind, strings.Join(MilestoneKinds, ", "))
	}
	if _, err := parseDate("day (完成日期)", day); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, `UPDATE section_milestones SET done_on = ? WHERE section_id = ? AND kind = ?`, day, sectionID, kind)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := q.ExecContext(ctx, `INSERT INTO section_milestones (section_id, kind, planned_on, done_on) VALUES (?, ?, ?, ?)`, sectionID, kind, day, day); err != nil {
			return err
		}
	}
	switch kind {
	case "start":
		_, err = q.ExecContext(ctx, `UPDATE project_sections SET actual_start = ?, updated_at = ? WHERE id = ?`, day, store.Millis(ed.At()), sectionID)
	case "finish":
		_, err = q.ExecContext(ctx, `UPDATE project_sections SET actual_end = ?, updated_at = ? WHERE id = ?`, day, store.Millis(ed.At()), sectionID)
	}
	return err
}

// Report is a progress report on a 标段.
type Report struct {
	ID          int64
	SectionID   int64
	Progress    int
	Stage       string
	Note        string
	PhotoSHA256 string
	ContentType string
	Lat, Lng    float64
	HasPoint    bool
	TakenAt     time.Time // zero when the photo said nothing
	ReportedAt  time.Time
}

// StageName is the stage in Chinese.
func (r Report) StageName() string { return StageNames[r.Stage] }

// ReportInput is a progress report with its photo (JPEG, PNG or WebP).
type ReportInput struct {
	Progress int
	Stage    string
	Note     string
	Photo    []byte
}

// MaxPhotoBytes bounds a report's photo.
const MaxPhotoBytes = 10 << 20

// Uploads stores photos by content hash under DATA/uploads/ab/cd/<sha256>,
// beside the orders' photos.
type Uploads string

func (u Uploads) path(sha string) string { return filepath.Join(string(u), sha[:2], sha[2:4], sha) }

func (u Uploads) save(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	p := u.path(sha)
	if _, err := os.Stat(p); err == nil {
		return sha, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return "", err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o640); err != nil {
		return "", err
	}
	return sha, os.Rename(tmp, p)
}

// Open reads a stored photo.
func (u Uploads) Open(sha string) ([]byte, error) {
	if len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" {
		return nil, notFound("photo")
	}
	b, err := os.ReadFile(u.path(sha))
	if os.IsNotExist(err) {
		return nil, notFound("photo")
	}
	return b, err
}

func sniff(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return "image/webp"
	}
	return ""
}

// ReportProgress records a 标段's progress (0–100 %, never above) with a
// dated photo: the GPS position and the time are read from its EXIF, then
// the EXIF is stripped before the photo is stored.
func ReportProgress(ctx context.Context, q store.Querier, ed grid.Editor, up Uploads, sectionID int64, in ReportInput, now time.Time) (Report, error) {
	if err := mayManage(ed); err != nil {
		return Report{}, err
	}
	if _, err := getSection(ctx, q, ed.Scope, sectionID); err != nil {
		return Report{}, err
	}
	if in.Progress < 0 || in.Progress > 100 {
		return Report{}, invalid("progress %d%%: give 0 to 100 — 进度须在 0 至 100%% 之间", in.Progress)
	}
	if _, ok := StageNames[in.Stage]; !ok {
		return Report{}, invalid("stage %q: use before, during or after — 阶段须为施工前、施工中、施工后", in.Stage)
	}
	in.Note = strings.TrimSpace(in.Note)
	if len([]rune(in.Note)) > 500 {
		return Report{}, invalid("the note is longer than 500 characters — 说明过长")
	}
	r := Report{SectionID: sectionID, Progress: in.Progress, Stage: in.Stage, Note: in.Note, ReportedAt: now}
	var lat, lng, taken any
	if len(in.Photo) > 0 {
		if len(in.Photo) > MaxPhotoBytes {
			return Report{}, invalid("the photo is larger than %d MiB — 照片过大", MaxPhotoBytes>>20)
		}
		r.ContentType = sniff(in.Photo)
		if r.ContentType == "" {
			return Report{}, invalid("the photo is not a JPEG, PNG or WebP image — 照片格式不对")
		}
		g := imagemeta.ReadGeotag(in.Photo, zone.Shanghai())
		clean, err := imagemeta.Clean(r.ContentType, in.Photo)
		if err != nil {
			return Report{}, invalid("the photo is not a readable image — 照片已损坏")
		}
		if up == "" {
			return Report{}, fmt.Errorf("project: no upload directory")
		}
		if r.PhotoSHA256, err = up.save(clean); err != nil {
			return Report{}, err
		}
		if g.HasPoint {
			r.Lat, r.Lng, r.HasPoint = g.Lat, g.Lng, true
			lat, lng = g.Lat, g.Lng
		}
		if g.HasTime {
			r.TakenAt = g.TakenAt
			taken = store.Millis(g.TakenAt)
		}
	}
	var by any
	if ed.Actor.UserID != 0 {
		by = ed.Actor.UserID
	}
	if err := q.QueryRowContext(ctx, `INSERT INTO section_reports (section_id, progress, stage, note, photo_sha256, content_type, lat, lng, taken_at, reported_at, reported_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, sectionID, in.Progress, in.Stage, in.Note, r.PhotoSHA256, r.ContentType,
		lat, lng, taken, store.Millis(now), by).Scan(&r.ID); err != nil {
		return Report{}, err
	}
	_, err := q.ExecContext(ctx, `UPDATE project_sections SET progress = ?, updated_at = ? WHERE id = ?`, in.Progress, store.Millis(now), sectionID)
	return r, err
}

// Reports lists a project's progress reports, newest first.
func Reports(ctx context.Context, q store.Querier, scope auth.Scope, projectID int64) ([]Report, error) {
	if _, err := head(ctx, q, scope, projectID); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.section_id, r.progress, r.stage, r.note, r.photo_sha256, r.content_type, r.lat, r.lng, r.taken_at, r.reported_at
		FROM section_reports r JOIN project_sections s ON s.id = r.section_id WHERE s.project_id = ? ORDER BY r.reported_at DESC, r.id DESC`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		var lat, lng *float64
		var taken *int64
		var at int64
		if err := rows.Scan(&r.ID, &r.SectionID, &r.Progress, &r.Stage, &r.Note, &r.PhotoSHA256, &r.ContentType, &lat, &lng, &taken, &at); err != nil {
			return nil, err
		}
		if lat != nil && lng != nil {
			r.Lat, r.Lng, r.HasPoint = *lat, *lng, true
		}
		if taken != nil {
			r.TakenAt = store.Time(*taken)
		}
		r.ReportedAt = store.Time(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// PhotoOf returns a report photo of a project the scope sees.
func PhotoOf(ctx context.Context, q store.Querier, scope auth.Scope, up Uploads, projectID int64, sha string) ([]byte, string, error) {
	if _, err := head(ctx, q, scope, projectID); err != nil {
		return nil, "", err
	}
	var ctype string
	err := q.QueryRowContext(ctx, `SELECT r.content_type FROM section_reports r JOIN project_sections s ON s.id = r.section_id
		WHERE s.project_id = ? AND r.photo_sha256 = ? LIMIT 1`, projectID, sha).Scan(&ctype)
	if store.IsNoRows(err) {
		return nil, "", notFound("photo")
	}
	if err != nil {
		return nil, "", err
	}
	b, err := up.Open(sha)
	return b, ctype, err
}

// Late is a 标段 behind its plan, for the staff dashboard.
type Late struct {
	Project Project
	Section Section
	Late    []Milestone
}

// Overdue lists the sections of the scope's projects that are late on
// day (YYYY-MM-DD in Asia/Shanghai).
func Overdue(ctx context.Context, q store.Querier, scope auth.Scope, day string) ([]Late, error) {
	if scope.IsZero() {
		return nil, nil
	}
	ps, err := List(ctx, q, scope, 0)
	if err != nil {
		return nil, err
	}
	var out []Late
	for _, p := range ps {
		for _, s := range p.Sections {
			if s.OverdueOn(day) {
				out = append(out, Late{Project: p, Section: s, Late: s.LateMilestones(day)})
			}
		}
	}
	return out, nil
}
