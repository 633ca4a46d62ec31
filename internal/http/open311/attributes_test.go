package open311_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestAttributeRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := func(code string, pairs ...string) []string {
			return append(append(at(inA), "service_code", code, "description", "描述"), pairs...)
		}
		refused := []struct {
			name     string
			pairs    []string
			contains string
		}{
			{"required single value missing", base("noise.disturb"), "attribute[source]"},
			{"single value not in the list", base("noise.disturb", "attribute[source]", "aliens"), `"aliens" is not one of`},
			{"two values for a single value list", base("noise.disturb", "attribute[source][]", "shop", "attribute[source][]", "neighbour"), "takes one value"},
			{"two values for a string", base("waste.sorting", "attribute[kinds][]", "kitchen", "attribute[spot]", "东门", "attribute[spot]", "西门"), "attribute[spot] takes one value"},
			{"required multi value missing", base("waste.sorting", "attribute[when]", "evening"), "attribute[kinds]"},
			{"multi value not in the list", base("waste.sorting", "attribute[kinds][]", "kitchen", "attribute[kinds][]", "plutonium"), `"plutonium" is not one of`},
			{"not a number", base("waste.sorting", "attribute[kinds][]", "kitchen", "attribute[bins]", "three"), "attribute[bins]"},
			{"not a datetime", base("waste.sorting", "attribute[kinds][]", "kitchen", "attribute[since]", "yesterday"), "attribute[since]"},
			{"unknown attribute", base("streetlight.out", "attribute[colour]", "red"), "attribute[colour]"},
			{"malformed attribute", base("streetlight.out", "attribute[a][b]", "x"), "malformed parameter"},
		}
		before := countOrders(t, db)
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				got := openErrors(t, e.post(t, "requests.json", form(append([]string{"api_key", e.keys["fms"]}, c.pairs...)...)), 400, "json")
				if !strings.Contains(got.Description, c.contains) {
					t.Fatalf("description %q does not say %q", got.Description, c.contains)
				}
			})
		}
		if n := countOrders(t, db); n != before {
			t.Fatalf("refused attributes left %d orders", n-before)
		}

		// Accepted: several values of a multivaluelist, each datatype
		// canonicalised by the engine and kept on the order.
		ctx := context.Background()
		for _, c := range []struct {
			pairs []string
			want  map[string]string
		}{
			{base("noise.disturb", "attribute[source]", "square_dance", "attribute[period]", "night"),
				map[string]string{"source": "square_dance", "period": "night"}},
			{base("waste.sorting", "attribute[kinds][]", "kitchen", "attribute[kinds][]", "hazardous", "attribute[kinds][]", "kitchen",
				"attribute[when]", "evening", "attribute[bins]", "3.50", "attribute[since]", "2026-11-22T20:00:00Z", "attribute[spot]", " 东门 "),
				map[string]string{"kinds": "kitchen,hazardous", "when": "evening", "bins": "3.5", "since": "2026-11-22T20:00:00Z", "spot": "东门"}},
			// A multivaluelist may also come comma separated in one value.
			{base("waste.sorting", "attribute[kinds]", "recyclable,other"), map[string]string{"kinds": "recyclable,other"}},
		} {
			id := e.fileRequest(t, "fms", c.pairs...)
			o, err := e.orders.Get(ctx, e.actors["dispatcher"], id)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(o.Attributes, c.want) {
				t.Errorf("%s stored %v, want %v", id, o.Attributes, c.want)
			}
		}
	})
}
