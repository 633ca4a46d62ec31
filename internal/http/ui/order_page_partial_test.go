package ui

import (
	"strings"
	"testing"
)

// Another page can draw one action form with the orderAction function:
// it posts to the order's action route with the version, the token and
// where to go next, under the ids the browser walks rely on.
func TestOrderActionPartialAlone(t *testing.T) {
	u := New(Options{})
	p := &page{Lang: LangZH, CSRF: "tok"}
	deps := []option{{Value: "chengguan", Label: "城管执法局"}}
	for name, want := range map[string][]string{
		"sign":   {`action="/orders/202611230001/sign"`, `id="order-sign-submit"`},
		"cancel": {`name="reason"`, `id="order-cancel-submit"`},
		"reply": {`action="/orders/202611230001/reply"`, `id="order-action-reply"`, `id="order-reply-submit"`,
			`name="version" value="7"`, `name="next" value="/inbox"`, `name="csrf_token" value="tok"`, `name="note"`},
		"dispatch": {`id="order-action-dispatch"`, `name="level"`, `value="chengguan"`, `name="co"`, `id="order-dispatch-submit"`},
		"callback": {`value="satisfied"`, `value="basic"`, `value="unsatisfied"`, `id="order-callback-submit"`},
		"resolve":  {`enctype="multipart/form-data"`, `name="photo"`, `id="order-resolve-submit"`},
		"merge":    {`name="master"`, `id="order-merge-submit"`},
	} {
		args := orderActionFor(p, "202611230001", 7, name, "/inbox", deps)
		// Each form by its own name, and through "order-action", which
		// picks it by .Name.
		for _, tmpl := range []string{"order-action-" + name, "order-action"} {
			out, err := u.pages.execute("order", tmpl, args)
			if err != nil {
				t.Fatalf("%s: %v", tmpl, err)
			}
			for _, w := range want {
				if !strings.Contains(string(out), w) {
					t.Errorf("%s (%s) lacks %s\n%s", name, tmpl, w, out)
				}
			}
		}
	}
}
