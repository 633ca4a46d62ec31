package people

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/address"
	"civicgrid/internal/store"
)

// Kinds of reported change (人口变动).
const (
	ChangeMoveIn  = "move_in"  // 迁入
	ChangeMoveOut = "move_out" // 迁出
	ChangeBirth   = "birth"    // 出生
	ChangeDeath   = "death"    // 死亡
	ChangeTenancy = "tenancy"  // 出租变化
)

// ChangeLabels are the kinds with their Chinese names, in order.
var ChangeLabels = []struct{ Code, Label string }{
	{ChangeMoveIn, "迁入"}, {ChangeMoveOut, "迁出"}, {ChangeBirth, "出生"}, {ChangeDeath, "死亡"}, {ChangeTenancy, "出租变化"},
}

// Statuses of a reported change.
const (
	ChangePending   = "pending"   // 待确认
	ChangeConfirmed = "confirmed" // 已确认
	ChangeRejected  = "rejected"  // 已退回
)

// ChangeInput is a change a 楼长/单元长 reports for a house of their
// building: a person moving in or born (Person, its HouseID is the
// house's), a person moving out or dying (PersonID), or the house's
// tenancy (Use, TenantCount, lease dates). Date is when it happened.
type ChangeInput struct {
	Kind        string `json:"kind"`
	HouseID     int64  `json:"house_id"`
	PersonID    int64  `json:"person_id,omitempty"`
	Date        string `json:"date"`
	Person      Input  `json:"person"`
	Use         string `json:"use,omitempty"`
	TenantCount int    `json:"tenant_count,omitempty"`
	LeaseStart  string `json:"lease_start,omitempty"`
	LeaseEnd    string `json:"lease_end,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Change is a reported change as the community sees it; Summary says what
// it is, with names masked.
type Change struct {
	ID            int64
	CommunityCode string
	GridCode      string
	BuildingCode  string
	UnitCode      string // the house's 单元, "" when none
	HouseID       int64
	HouseText     string
	Kind          string
	PersonID      int64
	Date          string
	Summary       string
	Note          string
	Status        string
	Reason        string
	ReportedBy    int64
	ReportedAt    time.Time
	DecidedAt     time.Time
	Version       int
}

const maxNote = 500

// ReportChange records a change for the community to confirm; the
// register does not change yet.
func (s *Service) ReportChange(ctx context.Context, a Actor, in ChangeInput) (Change, error) {
	if err := a.need(reportRoles, "report changes"); err != nil {
		return Change{}, err
	}
	if a.UserID == 0 {
		return Change{}, forbidden("a change is reported by a signed-in 楼长、单元长 or staff member")
	}
	if _, err := parseLabel("kind", in.Kind, ChangeLabels, ""); err != nil {
		return Change{}, err
	}
	in.Kind, _ = parseLabel("kind", in.Kind, ChangeLabels, "")
	now := s.now()
	in.Date = strings.TrimSpace(in.Date)
	if in.Date == "" {
		in.Date = now.In(shanghai).Format("2006-01-02")
	}
	if d, err := time.Parse("2006-01-02", in.Date); err != nil || d.After(now.AddDate(0, 0, 1)) {
		return Change{}, fieldErr("date", "日期 %q 应为 YYYY-MM-DD 且不晚于今天 (a past date, YYYY-MM-DD)", in.Date)
	}
	if in.Note = strings.TrimSpace(in.Note); utf8.RuneCountInString(in.Note) > maxNote {
		return Change{}, fieldErr("note", "说明最多%d字 (at most %d characters)", maxNote, maxNote)
	}
	var c Change
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		h, err := address.GetHouse(ctx, tx, a.Scope, in.HouseID)
		if err != nil || !a.covers(h.GridCode, h.BuildingCode, h.UnitCode) || h.Retired {
			return &FieldError{Field: "house_id", Msg: fmt.Sprintf("房屋 %d 不存在或不在您负责的楼栋 (no such house in your building)", in.HouseID)}
		}
		switch in.Kind {
		case ChangeMoveIn, ChangeBirth:
			in.PersonID = 0
			in.Person.HouseID, in.Person.GridCode = h.ID, ""
			if in.Kind == ChangeMoveIn {
				in.Person.MovedIn = in.Date
			}
			pc, err := check(in.Person, now)
			if err != nil {
				return err
			}
			in.Person = pc.Input
			if taken, err := s.docTaken(ctx, tx, pc.DocType, pc.DocNumber, 0); err != nil {
				return err
			} else if taken {
				return fmt.Errorf("%w: 该证件号码已登记 (this document number is already registered)", ErrConflict)
			}
		case ChangeMoveOut, ChangeDeath:
			in.Person = Input{}
			p, err := s.get(ctx, tx, a, in.PersonID, false)
			if err != nil || p.HouseID != h.ID {
				return fieldErr("person_id", "该房屋没有登记此人 (nobody of that id lives in this house)")
			}
			if p.MovedOut != "" || p.Deceased != "" {
				return fieldErr("person_id", "此人已迁出或死亡 (already moved out or deceased)")
			}
		case ChangeTenancy:
			in.PersonID, in.Person = 0, Input{}
			if in.Use, err = address.ParseUse(in.Use); err != nil {
				return &FieldError{Field: "use", Msg: err.Error()}
			}
		}
		payload, err := json.Marshal(in)
		if err != nil {
			return err
		}
		sealedPayload, err := s.keys.Seal(string(payload))
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO people_changes (community_code, grid_code, building_code, house_id, kind, person_id,
			payload_sealed, reported_by, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			h.CommunityCode, h.GridCode, h.BuildingCode, h.ID, in.Kind, nullID(in.PersonID), sealedPayload, a.UserID, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		if err := a.Audit.Record(ctx, tx, now, "person.change_report", fmt.Sprintf("change:%d", id), in.Kind+" house "+fmt.Sprint(h.ID)); err != nil {
			return err
		}
		c, err = s.change(ctx, tx, a, id)
		return err
	})
	return c, err
}

const changeColumns = `c.id, c.community_code, c.grid_code, c.building_code, COALESCE(a.unit_code, ''), c.house_id, COALESCE(a.full_text, ''), c.kind,
	COALESCE(c.person_id, 0), c.payload_sealed, c.status, c.reason, c.reported_by, c.reported_at, COALESCE(c.decided_at, 0), c.version`

const changeFrom = ` FROM people_changes c LEFT JOIN houses h ON h.id = c.house_id LEFT JOIN addresses a ON a.id = h.address_id`

func (s *Service) scanChange(sc scanner) (Change, ChangeInput, error) {
	var c Change
	var payload string
	var reported, decided int64
	if err := sc.Scan(&c.ID, &c.CommunityCode, &c.GridCode, &c.BuildingCode, &c.UnitCode, &c.HouseID, &c.HouseText, &c.Kind, &c.PersonID,
		&payload, &c.Status, &c.Reason, &c.ReportedBy, &reported, &decided, &c.Version); err != nil {
		return Change{}, ChangeInput{}, err
	}
	c.ReportedAt = store.Time(reported)
	if decided != 0 {
		c.DecidedAt = store.Time(decided)
	}
	plain, err := s.keys.Open(payload)
	if err != nil {
		return Change{}, ChangeInput{}, fmt.Errorf("change %d: %w", c.ID, err)
	}
	var in ChangeInput
	if err := json.Unmarshal([]byte(plain), &in); err != nil {
		return Change{}, ChangeInput{}, fmt.Errorf("change %d: %w", c.ID, err)
	}
	c.Date, c.Note = in.Date, in.Note
	c.Summary = summary(in)
	return c, in, nil
}

// summary says what a change is, names masked.
func summary(in ChangeInput) string {
	label, _ := labelOf(in.Kind, ChangeLabels)
	switch in.Kind {
	case ChangeMoveIn, ChangeBirth:
		return fmt.Sprintf("%s：%s（%s %s）", label, maskName(in.Person.Name), DocLabel(in.Person.DocType), MaskDocument(in.Person.DocNumber))
	case ChangeTenancy:
		use, _ := labelOf(in.Use, address.UseLabels)
		s := fmt.Sprintf("%s：%s", label, use)
		if in.Use == address.UseRent {
			s += fmt.Sprintf("，租住%d人", in.TenantCount)
			if in.LeaseStart != "" || in.LeaseEnd != "" {
				s += fmt.Sprintf("，租期%s至%s", in.LeaseStart, in.LeaseEnd)
			}
		}
		return s
	}
	return fmt.Sprintf("%s：人员 %d", label, in.PersonID)
}

func labelOf(code string, labels []struct{ Code, Label string }) (string, bool) {
	for _, l := range labels {
		if l.Code == code {
			return l.Label, true
		}
	}
	return code, false
}

func (s *Service) change(ctx context.Context, q store.Querier, a Actor, id int64) (Change, error) {
	c, _, err := s.changeWithInput(ctx, q, a, id)
	return c, err
}

func (s *Service) changeWithInput(ctx context.Context, q store.Querier, a Actor, id int64) (Change, ChangeInput, error) {
	c, in, err := s.scanChange(q.QueryRowContext(ctx, `SELECT `+changeColumns+changeFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.covers(c.GridCode, c.BuildingCode, c.UnitCode)) {
		return Change{}, ChangeInput{}, notFound("change %d", id)
	}
	return c, in, err
}

// ListChanges lists reported changes in the actor's scope, newest first;
// status "" lists all. A 楼长/单元长 sees those of their buildings.
func (s *Service) ListChanges(ctx context.Context, a Actor, status string, limit int) ([]Change, error) {
	if err := a.need(reportRoles, "see reported changes"); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	where, args := a.scopeWhere()
	where = strings.ReplaceAll(where, "p.", "c.")
	if status != "" {
		where, args = where+` AND c.status = ?`, append(args, status)
	}
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+changeColumns+changeFrom+` WHERE `+where+` ORDER BY c.reported_at DESC, c.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		c, _, err := s.scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ConfirmChange applies a pending change to the register and marks it
// confirmed, in one transaction, audited; if applying fails (the person
// moved out meanwhile, the document was registered), nothing changes.
func (s *Service) ConfirmChange(ctx context.Context, a Actor, id int64, version int) (Change, error) {
	if err := a.need(decideRoles, "confirm changes"); err != nil {
		return Change{}, err
	}
	var c Change
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		old, in, err := s.changeWithInput(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if old.Status != ChangePending {
			return fmt.Errorf("%w: 该变动已处理 (already %s)", ErrConflict, old.Status)
		}
		now := s.now()
		personID := in.PersonID
		switch in.Kind {
		case ChangeMoveIn, ChangeBirth:
			p, err := s.create(ctx, tx, a, in.Person)
			if err != nil {
				return err
			}
			personID = p.ID
		case ChangeMoveOut, ChangeDeath:
			col := "moved_out"
			if in.Kind == ChangeDeath {
				col = "deceased"
			}
			res, err := tx.ExecContext(ctx, `UPDATE people SET `+col+` = ?, version = version + 1, updated_at = ?
				WHERE id = ? AND house_id = ? AND moved_out = '' AND deceased = ''`, in.Date, store.Millis(now), in.PersonID, old.HouseID)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return fmt.Errorf("%w: 此人已不在该房屋登记 (the person no longer lives there)", ErrConflict)
			}
		case ChangeTenancy:
			h, err := address.GetHouse(ctx, tx, a.Scope, old.HouseID)
			if err != nil {
				return err
			}
			hin := address.HouseInput{Use: in.Use, AreaDM2: h.AreaDM2}
			if in.Use == address.UseRent {
				hin.TenantCount, hin.LeaseStart, hin.LeaseEnd = in.TenantCount, in.LeaseStart, in.LeaseEnd
			}
			if _, err := address.UpdateHouse(ctx, tx, a.editor(), h.ID, h.Version, hin); err != nil {
				return err
			}
		}
		if err := s.decide(ctx, tx, id, version, ChangeConfirmed, "", a.UserID, nullID(personID), now); err != nil {
			return err
		}
		if err := a.Audit.Record(ctx, tx, now, "person.change_confirm", fmt.Sprintf("change:%d", id), in.Kind); err != nil {
			return err
		}
		c, err = s.change(ctx, tx, a, id)
		return err
	})
	return c, err
}

// RejectChange returns a pending change with a reason; nothing else changes.
func (s *Service) RejectChange(ctx context.Context, a Actor, id int64, version int, reason string) (Change, error) {
	if err := a.need(decideRoles, "reject changes"); err != nil {
		return Change{}, err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 2 || n > maxNote {
		return Change{}, fieldErr("reason", "请填写退回原因（2至%d字） (give a reason)", maxNote)
	}
	var c Change
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := s.change(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if old.Status != ChangePending {
			return fmt.Errorf("%w: 该变动已处理 (already %s)", ErrConflict, old.Status)
		}
		now := s.now()
		if err := s.decide(ctx, tx, id, version, ChangeRejected, reason, a.UserID, nullID(old.PersonID), now); err != nil {
			return err
		}
		if err := a.Audit.Record(ctx, tx, now, "person.change_reject", fmt.Sprintf("change:%d", id), "reason: "+reason); err != nil {
			return err
		}
		c, err = s.change(ctx, tx, a, id)
		return err
	})
	return c, err
}

func (s *Service) decide(ctx context.Context, tx store.Querier, id int64, version int, status, reason string, by int64, personID any, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE people_changes SET status = ?, reason = ?, decided_by = ?, decided_at = ?, person_id = ?,
		version = version + 1 WHERE id = ? AND version = ? AND status = 'pending'`, status, reason, nullID(by), store.Millis(now), personID, id, version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: change %d is not at version %d", ErrStale, id, version)
	}
	return nil
}
