package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestVolunteersOverHTTP: the community registers two volunteers (a phone
// twice answers 409) and publishes an activity under way; with their card
// tokens, no account, they sign up (twice: 409), check in by GPS (1 km
// away: 400 saying how far) and by the organiser's QR code with a phone
// number; the public list shows places left and no person; another street
// sees nothing.
func TestVolunteersOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		register := func(name, phone string) (int64, string) {
			t.Helper()
			st, _, b := e.post(t, "community", "/api/v1/volunteers", fmt.Sprintf(`{"community_code":"210504002001","name":%q,"phone":%q,"skills":["elder"]}`, name, phone), nil)
			wantStatus(t, st, 201, "register "+name, b)
			id := int64(decode[map[string]map[string]any](t, b)["volunteer"]["id"].(float64))
			st, _, b = e.post(t, "community", fmt.Sprintf("/api/v1/volunteers/%d/reveal", id), `{"purpose":"发放志愿者证"}`, nil)
			wantStatus(t, st, 200, "reveal", b)
			return id, decode[map[string]any](t, b)["card"].(string)
		}
		_, card1 := register("马国强", "13800001001")
		vid, _ := register("刘德顺", "13800001002")
		st, _, b := e.post(t, "community", "/api/v1/volunteers", `{"community_code":"210504002001","name":"马国强","phone":"138 0000 1001"}`, nil)
		wantStatus(t, st, 409, "phone twice", b)
		st, _, b = e.post(t, "community", "/api/v1/volunteers", `{"community_code":"210504002001","name":"马国强","phone":"12345"}`, nil)
		wantStatus(t, st, 400, "bad phone", b)
		st, b = e.do(t, "community", "GET", "/api/v1/volunteers?limit=1", "")
		wantStatus(t, st, 200, "list", b)
		page := decode[map[string]any](t, b)
		if strings.Contains(string(b), "马国强") || page["next_after"].(float64) == 0 {
			t.Fatalf("first page %s", b)
		}

		now := time.Now()
		act := fmt.Sprintf(`{"community_code":"210504002001","title":"敬老院陪伴","place":"日间照料中心","lng":123.75,"lat":41.3,"radius_m":200,
			"starts_at":%q,"ends_at":%q,"capacity":5}`, now.Add(-10*time.Minute).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339))
		st, _, b = e.post(t, "community", "/api/v1/volunteer-activities", act, nil)
		wantStatus(t, st, 201, "publish", b)
		aid := int64(decode[map[string]map[string]any](t, b)["activity"]["id"].(float64))
		st, b = e.do(t, "otherstreet", "GET", fmt.Sprintf("/api/v1/volunteer-activities/%d", aid), "")
		wantStatus(t, st, 404, "other street", b)

		me := "/api/v1/volunteer/me/" + card1
		st, _, b = e.post(t, "", fmt.Sprintf("%s/signup/%d", me, aid), ``, nil)
		wantStatus(t, st, 200, "sign-up", b)
		st, _, b = e.post(t, "", fmt.Sprintf("%s/signup/%d", me, aid), ``, nil)
		wantStatus(t, st, 409, "second sign-up", b)
		st, _, b = e.post(t, "", fmt.Sprintf("/api/v1/volunteer/me/%d-0000/signup/%d", 1, aid), ``, nil)
		wantStatus(t, st, 404, "forged card", b)
		st, _, b = e.post(t, "", fmt.Sprintf("%s/checkin/%d", me, aid), `{"lng":123.762,"lat":41.3}`, nil)
		wantStatus(t, st, 400, "1 km away", b)
		if !strings.Contains(string(b), "超出200米签到范围") {
			t.Errorf("far check-in says %s", b)
		}
		st, _, b = e.post(t, "", fmt.Sprintf("%s/checkin/%d", me, aid), `{"lng":123.7505,"lat":41.3005}`, nil)
		wantStatus(t, st, 200, "check-in", b)

		// The second volunteer signs up from the card and checks in by QR
		// with their phone number.
		st, b = e.do(t, "community", "GET", "/api/v1/volunteers?phone=13800001002", "")
		wantStatus(t, st, 200, "by phone", b)
		if !strings.Contains(string(b), fmt.Sprintf(`"id":%d,`, vid)) || !strings.Contains(string(b), `"next_after":0`) {
			t.Fatalf("by phone %s", b)
		}
		st, _, b = e.post(t, "community", fmt.Sprintf("/api/v1/volunteers/%d/reveal", vid), `{"purpose":"发放志愿者证"}`, nil)
		wantStatus(t, st, 200, "reveal", b)
		card2 := decode[map[string]any](t, b)["card"].(string)
		st, _, b = e.post(t, "", fmt.Sprintf("/api/v1/volunteer/me/%s/signup/%d", card2, aid), ``, nil)
		wantStatus(t, st, 200, "second volunteer's sign-up", b)
		st, b = e.do(t, "community", "GET", fmt.Sprintf("/api/v1/volunteer-activities/%d/checkin-code", aid), "")
		wantStatus(t, st, 200, "check-in code", b)
		code := decode[map[string]any](t, b)["code"].(string)
		st, _, b = e.post(t, "", "/api/v1/volunteer/checkin", fmt.Sprintf(`{"code":%q,"phone":"13800001002"}`, code+"x"), nil)
		wantStatus(t, st, 400, "forged code", b)
		st, _, b = e.post(t, "", "/api/v1/volunteer/checkin", fmt.Sprintf(`{"code":%q,"phone":"13800001002"}`, code), nil)
		wantStatus(t, st, 200, "QR check-in", b)
		if !strings.Contains(string(b), `"checkin_method":"qr"`) {
			t.Errorf("QR check-in %s", b)
		}

		st, b = e.do(t, "", "GET", "/api/v1/public/volunteer-activities?under=210504002001", "")
		wantStatus(t, st, 200, "public", b)
		if !strings.Contains(string(b), `"places_left":3`) || strings.Contains(string(b), "马") || strings.Contains(string(b), "1380000") {
			t.Errorf("public list %s", b)
		}
		st, b = e.do(t, "community", "GET", fmt.Sprintf("/api/v1/volunteer-activities/%d", aid), "")
		wantStatus(t, st, 200, "activity", b)
		if !strings.Contains(string(b), `"checkin_method":"gps"`) || strings.Contains(string(b), "马国强") {
			t.Errorf("sign-ups %s", b)
		}
	})
}
