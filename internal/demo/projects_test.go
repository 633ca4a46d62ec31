package demo_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"civicgrid/internal/http/api"
	"civicgrid/internal/store"
)

// checkProjects: the API's figures for the 2022 programme are the ones
// the district published, computed from the records.
func checkProjects(t *testing.T, db *store.DB) {
	t.Helper()
	mux := http.NewServeMux()
	(&api.API{DB: db}).Register(mux)
	get := func(target string, v any) {
		t.Helper()
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", target, rec.Code, rec.Body.String())
		}
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
	}
	var body struct {
		Projects []struct {
			Name, Scope string
			Budget      json.Number
		}
		Totals struct {
			Budget     json.Number
			Households int
			Buildings  int
			Compounds  int
			Streets    int
		}
	}
	get("/api/v1/projects?year=2022", &body)
	// 楼本体 1,946.13 + 配套基础设施 3,003.84 + 燃气管网 2,925 = 7,874.97 万元.
	if body.Totals.Budget != "78749700.00" || body.Totals.Households != 5113 || body.Totals.Buildings != 85 ||
		body.Totals.Compounds != 13 || body.Totals.Streets != 3 {
		t.Errorf("totals = %+v, want budget 78749700.00 yuan, 5113 households, 85 buildings, 13 小区 in 3 streets", body.Totals)
	}
	byScope := map[string]float64{}
	for _, p := range body.Projects {
		f, _ := p.Budget.Float64()
		byScope[p.Scope] += f
	}
	if len(body.Projects) != 4 || byScope["楼本体"] != 19461300 || byScope["配套基础设施"] != 30038400 || byScope["燃气管网"] != 29250000 {
		t.Errorf("%d projects, budgets by scope %v", len(body.Projects), byScope)
	}
	var ind []struct {
		Name, Unit string
		Quantity   int64
	}
	get("/api/v1/indicators?year=2022", &ind)
	got := map[string]int64{}
	for _, i := range ind {
		got[i.Name+" "+i.Unit] = i.Quantity
	}
	if got["监控点位 个"] != 166 || got["门禁 个"] != 334 {
		t.Errorf("indicators = %v, want 166 监控点位 and 334 门禁", got)
	}
	// Another year has nothing.
	get("/api/v1/projects?year=2021", &body)
	if len(body.Projects) != 0 || body.Totals.Households != 0 {
		t.Errorf("2021: %+v", body)
	}
}
