package party

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// Figures are the 党建 measures of one community or one sending unit.
//
//	报到率   = Reported / Due: a 在职党员 owes a report where they live and
//	           one to the unit's paired community (one when the same);
//	           a state, counted over every member registered.
//	Minutes  = service time credited in the period (tasks, wishes, cadre
//	           services), where it was done (community) or by whom (unit).
//	Claimed  = task claims made in the period; Done = claims confirmed.
type Figures struct {
	Code     string `json:"code"` // community code, or the unit's id as text
	Name     string `json:"name"`
	Members  int    `json:"members"` // 在职党员 who live in the community or whose unit is paired with it; a unit's members
	Due      int    `json:"due"`
	Reported int    `json:"reported"`
	Minutes  int    `json:"minutes"`
	Claimed  int    `json:"claimed"`
	Done     int    `json:"done"`
}

// Rate is 报到率 in percent, and whether it is defined (something was due).
func (f Figures) Rate() (float64, bool) {
	if f.Due == 0 {
		return 0, false
	}
	return 100 * float64(f.Reported) / float64(f.Due), true
}

// Hours is Minutes in hours.
func (f Figures) Hours() float64 { return float64(f.Minutes) / 60 }

// Measures are the figures per community and per sending unit.
type Measures struct {
	From        time.Time `json:"from,omitempty"`
	To          time.Time `json:"to,omitempty"`
	Communities []Figures `json:"communities"`
	Units       []Figures `json:"units"`
	Total       Figures   `json:"total"`
}

// Measures computes the figures of a's scope for the period [from, to).
func (s *Service) Measures(ctx context.Context, a Actor, from, to time.Time) (Measures, error) {
	prefix, err := a.listPrefix("")
	if err != nil {
		return Measures{}, err
	}
	if !to.After(from) {
		return Measures{}, invalid("the period ends before it starts — 统计期结束早于开始")
	}
	out := Measures{From: from, To: to}
	comm := map[string]*Figures{}
	unit := map[int64]*Figures{}
	at := func(code, name string) *Figures {
		if !strings.HasPrefix(code, prefix) {
			return nil
		}
		if comm[code] == nil {
			comm[code] = &Figures{Code: code, Name: name}
		}
		return comm[code]
	}
	// Communities of the scope, so one with nothing yet shows its zeros.
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT code, name FROM regions WHERE code LIKE ? AND level IN ('community', 'village')`, prefix+"%")
	if err != nil {
		return Measures{}, err
	}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			rows.Close()
			return Measures{}, err
		}
		at(code, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Measures{}, err
	}
	// 在职党员 in scope with their reports.
	rows, err = s.cfg.DB.QueryContext(ctx, `SELECT m.id, m.community_code, u.id, u.name, u.paired_community_code,
		(SELECT COUNT(*) FROM party_reports p WHERE p.member_id = m.id AND p.kind = 'residence'),
		(SELECT COUNT(*) FROM party_reports p WHERE p.member_id = m.id AND p.kind = 'paired')
		FROM party_members m JOIN party_units u ON u.id = m.unit_id
		WHERE m.kind = 'working' AND (m.community_code LIKE ? OR u.paired_community_code LIKE ?)`, prefix+"%", prefix+"%")
	if err != nil {
		return Measures{}, err
	}
	memberUnit := map[int64]int64{}
	for rows.Next() {
		var id, uid int64
		var home, uname, paired string
		var res, par int
		if err := rows.Scan(&id, &home, &uid, &uname, &paired, &res, &par); err != nil {
			rows.Close()
			return Measures{}, err
		}
		memberUnit[id] = uid
		if unit[uid] == nil {
			unit[uid] = &Figures{Code: strconv.FormatInt(uid, 10), Name: uname}
		}
		u := unit[uid]
		u.Members++
		if f := comm[home]; f != nil {
			f.Members++
			f.Due++
			f.Reported += res
		}
		u.Due++
		u.Reported += res
		if paired != home {
			if f := comm[paired]; f != nil {
				f.Members++
				f.Due++
				f.Reported += par
			}
			u.Due++
			u.Reported += par
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Measures{}, err
	}
	// Hours in the period.
	rows, err = s.cfg.DB.QueryContext(ctx, `SELECT member_id, community_code, minutes FROM party_hours
		WHERE community_code LIKE ? AND credited_at >= ? AND credited_at < ?`, prefix+"%", store.Millis(from), store.Millis(to))
	if err != nil {
		return Measures{}, err
	}
	for rows.Next() {
		var mid int64
		var code string
		var min int
		if err := rows.Scan(&mid, &code, &min); err != nil {
			rows.Close()
			return Measures{}, err
		}
		if f := comm[code]; f != nil {
			f.Minutes += min
		}
		if u := unit[memberUnit[mid]]; u != nil {
			u.Minutes += min
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Measures{}, err
	}
	// Claims made and confirmed in the period.
	rows, err = s.cfg.DB.QueryContext(ctx, `SELECT c.member_id, t.community_code, c.claimed_at, c.done_at FROM party_task_claims c
		JOIN party_tasks t ON t.id = c.task_id WHERE t.community_code LIKE ? AND ((c.claimed_at >= ? AND c.claimed_at < ?) OR (c.done_at >= ? AND c.done_at < ?))`,
		prefix+"%", store.Millis(from), store.Millis(to), store.Millis(from), store.Millis(to))
	if err != nil {
		return Measures{}, err
	}
	for rows.Next() {
		var mid, claimed, done int64
		var code string
		if err := rows.Scan(&mid, &code, &claimed, &done); err != nil {
			rows.Close()
			return Measures{}, err
		}
		in := func(ms int64) int {
			if ms >= store.Millis(from) && ms < store.Millis(to) {
				return 1
			}
			return 0
		}
		if f := comm[code]; f != nil {
			f.Claimed += in(claimed)
			f.Done += in(done)
		}
		if u := unit[memberUnit[mid]]; u != nil {
			u.Claimed += in(claimed)
			u.Done += in(done)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Measures{}, err
	}
	out.Total = Figures{Name: "合计"}
	for _, f := range comm {
		out.Communities = append(out.Communities, *f)
		out.Total.Due += f.Due
		out.Total.Reported += f.Reported
		out.Total.Minutes += f.Minutes
		out.Total.Claimed += f.Claimed
		out.Total.Done += f.Done
	}
	for _, f := range unit {
		out.Units = append(out.Units, *f)
		out.Total.Members += f.Members
	}
	sort.Slice(out.Communities, func(i, j int) bool { return out.Communities[i].Code < out.Communities[j].Code })
	sort.Slice(out.Units, func(i, j int) bool { return out.Units[i].Name < out.Units[j].Name })
	return out, nil
}
