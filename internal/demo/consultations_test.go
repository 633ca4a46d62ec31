package demo_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"civicgrid/internal/http/api"
	"civicgrid/internal/store"
)

// checkConsultations: 民建小区's three stages are public, closed and
// passed, their figures counted from the ballots, and the seed's
// suggestions were taken up.
func checkConsultations(t *testing.T, db *store.DB) {
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
	var list struct {
		Consultations []struct {
			ID       int64
			Stage    string
			Compound string
			Houses   int
		}
	}
	get("/api/v1/consultations?year=2022", &list)
	if len(list.Consultations) != 3 {
		t.Fatalf("consultations of 2022: %+v", list)
	}
	var houses int64
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM houses h JOIN project_buildings pb ON pb.building_code = h.building_code
		JOIN projects p ON p.id = pb.project_id JOIN estates e ON e.id = pb.estate_id
		WHERE e.name = '民建小区' AND p.scope = '配套基础设施' AND h.retired_at IS NULL`).Scan(&houses); err != nil {
		t.Fatal(err)
	}
	var suggestions []string
	for i, c := range list.Consultations {
		if c.Compound != "民建小区" || c.Stage != []string{"whether", "what", "how"}[i] {
			t.Errorf("consultation %d: %+v", i, c)
		}
		var r struct {
			EligibleOwners      int64   `json:"eligible_owners"`
			EligibleArea        float64 `json:"eligible_area"`
			ParticipatingOwners int64   `json:"participating_owners"`
			YesOwners           int64   `json:"yes_owners"`
			YesHouseholds       int64   `json:"yes_households"`
			EligibleHouseholds  int64   `json:"eligible_households"`
			Passed              bool    `json:"passed"`
			Final               bool    `json:"final"`
			Ballots             int64   `json:"ballots"`
			Adopted             []struct {
				Suggestion string `json:"suggestion"`
				WorkItem   string `json:"work_item"`
			} `json:"adopted_suggestions"`
		}
		get(fmt.Sprintf("/api/v1/consultations/%d/result", c.ID), &r)
		if !r.Passed || !r.Final || r.EligibleHouseholds != houses || r.EligibleArea <= 0 || r.Ballots == 0 || r.ParticipatingOwners != r.Ballots {
			t.Errorf("%s: %+v (houses %d)", c.Stage, r, houses)
		}
		var n int64
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM consultation_ballots WHERE consultation_id = ?`, c.ID).Scan(&n); err != nil || n != r.Ballots {
			t.Errorf("%s: %d ballots stored, result says %d", c.Stage, n, r.Ballots)
		}
		for _, a := range r.Adopted {
			suggestions = append(suggestions, a.Suggestion+"→"+a.WorkItem)
		}
	}
	got := strings.Join(suggestions, " ")
	if !strings.Contains(got, "台阶和道路坡度→无障碍") || !strings.Contains(got, "健身器材→健身器材") {
		t.Errorf("adopted suggestions: %s", got)
	}
}

// checkEstateOwners: every house 民建小区's consultations count has an owner
// in the people register, most with a phone (the code goes by SMS) and
// some without (a printed slip), so a consultation's owners come from the
// register rather than one per house by default.
func checkEstateOwners(t *testing.T, db *store.DB) {
	t.Helper()
	var houses, owned, withPhone int
	err := db.QueryRowContext(t.Context(), `SELECT COUNT(*),
		COUNT(DISTINCT CASE WHEN o.house_id IS NOT NULL THEN h.house_id END),
		COUNT(DISTINCT CASE WHEN p.phone_sealed <> '' THEN h.house_id END)
		FROM consultation_houses h LEFT JOIN house_owners o ON o.house_id = h.house_id LEFT JOIN people p ON p.id = o.person_id
		WHERE h.consultation_id = (SELECT MIN(id) FROM consultations)`).Scan(&houses, &owned, &withPhone)
	if err != nil {
		t.Fatal(err)
	}
	var distinct int
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(DISTINCT house_id) FROM consultation_houses WHERE consultation_id = (SELECT MIN(id) FROM consultations)`).Scan(&distinct); err != nil {
		t.Fatal(err)
	}
	if distinct == 0 || owned != distinct || withPhone*10 < distinct*8 || withPhone == distinct {
		t.Errorf("民建小区: %d houses, %d with an owner in the register, %d with an owner's phone", distinct, owned, withPhone)
	}
}
