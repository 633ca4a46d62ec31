package ui_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// TestPersonPageCorrectsSealedDetails: the community corrects a person's
// name, document number and phone on /people/{id}; a wrong check
// character is refused with the field named and changes nothing; blank
// fields keep the sealed values.
func TestPersonPageCorrectsSealedDetails(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		houses := demoHouses(t, e)
		ctx := context.Background()
		cli := people.CommandLine("21")
		found, err := e.app.People.Search(ctx, cli, "赵建国", 10)
		if err != nil || len(found.People) != 1 {
			t.Fatalf("find 赵建国: %+v %v", found, err)
		}
		id := found.People[0].ID
		path := fmt.Sprintf("/people/%d", id)
		comm := e.client(t)
		comm.signIn("community", e.creds["community"])
		r := comm.get(path)
		wantStatus(t, r, 200, "person page")
		wantContains(t, r, "person page", `id="ed-name"`, `id="ed-id"`, `id="ed-phone"`, `placeholder="赵**"`)
		wantLacks(t, r, "person page", "赵建国", "13900000000")

		form := func(v url.Values, version int) url.Values {
			v.Set("version", fmt.Sprint(version))
			v.Set("house_id", fmt.Sprint(houses[0]))
			v.Set("hukou", "local")
			v.Set("residence", "resident")
			return v
		}
		first := "21050419700101001"
		good := first + string(people.CheckChar(first))
		bad := first + "0"
		if people.CheckChar(first) == '0' {
			bad = first + "1"
		}
		r = comm.post(path, form(url.Values{"name": {"赵建军"}, "id_number": {bad}}, found.People[0].Version))
		wantStatus(t, r, 400, "wrong check character")
		wantContains(t, r, "wrong check character", "身份证号码", `id="person-edit-error"`)
		if p, _ := e.app.People.Reveal(ctx, cli, id, "核实测试结果"); p.Name != "赵建国" || p.Version != found.People[0].Version {
			t.Fatalf("a refused correction changed the person: %q v%d", p.Name, p.Version)
		}

		r = comm.post(path, form(url.Values{"name": {"赵建军"}, "doc_type": {"id"}, "id_number": {good}, "phone": {"138 0000 1111"}}, found.People[0].Version))
		wantStatus(t, r, 303, "correction")
		p, err := e.app.People.Reveal(ctx, cli, id, "核实测试结果")
		if err != nil || p.Name != "赵建军" || p.DocNumber != good || p.Phone != "13800001111" {
			t.Fatalf("after the correction: %+v %v", p, err)
		}
		r = comm.post(path, form(url.Values{"moved_in": {"2020-05-01"}}, p.Version))
		wantStatus(t, r, 303, "details only")
		q, err := e.app.People.Reveal(ctx, cli, id, "核实测试结果")
		if err != nil || q.Name != "赵建军" || q.DocNumber != good || q.Phone != "13800001111" || q.MovedIn != "2020-05-01" {
			t.Fatalf("blank fields did not keep the sealed values: %+v %v", q, err)
		}
		for _, by := range []string{good, "13800001111", "赵建军"} {
			if res, err := e.app.People.Search(ctx, cli, by, 10); err != nil || len(res.People) != 1 || res.People[0].ID != id {
				t.Errorf("search %q after the correction: %+v %v", by, res.People, err)
			}
		}
	})
}
