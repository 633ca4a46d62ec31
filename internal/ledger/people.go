package ledger

import (
	"context"
	"errors"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

func init() { importers[People.Name] = importPeople }

// personInput reads one line of the people ledger; the place is the
// caller's.
func personInput(r record) (people.Input, error) {
	in := people.Input{
		Name: r.get("name"), DocType: r.get("doc_type"), DocNumber: r.get("id_number"), Phone: r.get("phone"),
		Hukou: r.get("hukou"), Residence: r.get("residence"), MovedIn: r.get("moved_in"),
	}
	var err error
	in.Separated, err = parseYesNo(r.get("separated"))
	return in, err
}

// errYesNo is a cell that is neither yes nor no.
var errYesNo = errors.New("应为“是”或“否” (want yes or no)")

func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "否", "no", "n", "false", "0":
		return false, nil
	case "是", "yes", "y", "true", "1":
		return true, nil
	}
	return false, errYesNo
}

// importPeople places each person in a registered house (by its address
// as written) or a grid, checks the document, and inserts the people not
// registered yet in batches. A document registered in the caller's scope
// is left as it is; one registered elsewhere is a problem (someone moving
// between communities is moved, not registered twice).
func importPeople(ctx context.Context, s *Service, tx *store.Tx, a Actor, recs []record, probs *Problems, rep *Report) error {
	houses, err := address.HousesByText(ctx, tx, a.Scope)
	if err != nil {
		return err
	}
	grids := map[string]*grid.Grid{}
	now := s.now()
	var rows []people.Row
	var lines []int
	var docs []people.DocKey
	firstLine := map[people.DocKey]int{}
	for _, r := range recs {
		in, err := personInput(r)
		if err != nil {
			probs.add(r.line, People.title("separated"), "%v", err)
			continue
		}
		row := people.Row{Input: in}
		placed, err := placePerson(ctx, tx, a, houses, grids, r, &row, probs)
		if err != nil {
			return err
		}
		if !placed {
			// Still check the rest of the line, so every problem of it is
			// listed at once.
			row.Input.HouseID, row.Input.GridCode = 0, "-"
		}
		doc, err := people.CheckInput(row.Input, now)
		if err != nil {
			addFieldProblem(probs, r.line, People, err)
			continue
		}
		if !placed {
			continue
		}
		if first, dup := firstLine[doc]; dup {
			probs.add(r.line, People.title("id_number"), "与第%d行证件号码相同 (the same document as line %d)", first, first)
			continue
		}
		firstLine[doc] = r.line
		rows, lines, docs = append(rows, row), append(lines, r.line), append(docs, doc)
	}
	registered, err := s.People.Registered(ctx, tx, docs)
	if err != nil {
		return err
	}
	var fresh []people.Row
	for i, d := range docs {
		g, ok := registered[d]
		switch {
		case !ok:
			fresh = append(fresh, rows[i])
		case a.Scope.CoversRegion(g):
			rep.Unchanged++
		default:
			probs.add(lines[i], People.title("id_number"), "该证件号码已在其他社区登记，迁入请由原社区办理迁出 (already registered elsewhere)")
		}
	}
	if len(*probs) > 0 || len(fresh) == 0 {
		return nil
	}
	if _, err := s.People.InsertBulk(ctx, tx, fresh); err != nil {
		return err
	}
	rep.Added += len(fresh)
	return nil
}

// placePerson puts the person of a line in the house it names (by its
// address as written) or the grid; false (with the problem added) when
// the line names neither well.
func placePerson(ctx context.Context, tx *store.Tx, a Actor, houses map[string]address.HouseRef, grids map[string]*grid.Grid,
	r record, row *people.Row, probs *Problems) (bool, error) {
	if text := r.get("house"); text != "" {
		h, ok := houses[address.Fold(text)]
		switch {
		case !ok:
			probs.add(r.line, People.title("house"), "“%s”不是您辖区内已登记的房屋 (no registered house with this address in your scope)", text)
			return false, nil
		case h.ID == 0:
			probs.add(r.line, People.title("house"), "“%s”在多个社区都有，请写上区和街道 (several communities have this address: give the full address)", text)
			return false, nil
		}
		row.HouseID, row.GridCode, row.CommunityCode, row.BuildingCode = h.ID, h.GridCode, h.CommunityCode, h.BuildingCode
		return true, nil
	}
	code := r.get("grid_code")
	if code == "" {
		probs.add(r.line, People.title("house"), "请填写居住房屋或网格编码 (give the house lived in, or a grid)")
		return false, nil
	}
	g, err := gridIn(ctx, tx, a, grids, code)
	if err != nil || g == nil {
		if err == nil {
			probs.add(r.line, People.title("grid_code"), "网格 %s 不存在或不在您的辖区 (no such grid in your scope)", code)
		}
		return false, err
	}
	row.GridCode, row.CommunityCode, row.Input.GridCode = g.Code, g.CommunityCode, g.Code
	return true, nil
}

// gridIn returns a grid in the actor's scope (cached), nil when there is
// none.
func gridIn(ctx context.Context, q store.Querier, a Actor, cache map[string]*grid.Grid, code string) (*grid.Grid, error) {
	if g, ok := cache[code]; ok {
		return g, nil
	}
	g, err := grid.Get(ctx, q, code)
	if errors.Is(err, grid.ErrNotFound) {
		cache[code] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !a.Scope.CoversRegion(g.Code) {
		cache[code] = nil
		return nil, nil
	}
	cache[code] = &g
	return &g, nil
}

// addFieldProblem reports a domain's error on a line, under the column it
// names when it names one.
func addFieldProblem(probs *Problems, line int, l Ledger, err error) {
	var fe *people.FieldError
	if errors.As(err, &fe) {
		key := fe.Field
		if key == "house_id" {
			key = "house"
		}
		probs.add(line, l.title(key), "%s", fe.Msg)
		return
	}
	probs.add(line, "", "%s", plain(err))
}

// plain is an error's message without its package's prefix.
func plain(err error) string {
	msg := err.Error()
	for _, p := range []string{"people: ", "address: ", "orgunit: ", "facility: ", "grid: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return msg
}
