package order_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

const importHeader = "upstream_id,received_at,category,description,lng,lat,address,community_code,reporter_name,reporter_phone,confidential,attributes\n"

func TestImportFilesEveryLineOnceAndKeepsUpstreamTimes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		file := importHeader +
			"BJ-1,2026-11-20 08:30:00,noise.disturb,楼上装修太吵,123.05,41.05,,,李四,13900001111,否,source=neighbour\n" +
			"BJ-2,2026-11-21T10:00:00+08:00,noise.disturb,夜里广场舞音响太大,,,永光小区广场," + community1 + ",,,是,source=square_dance\n"
		lines, err := order.ParseImport(strings.NewReader(file), cst)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.svc.Import(ctx, operator, lines)
		if err != nil || res.Created != 2 || res.Replayed != 0 {
			t.Fatalf("first run: %+v, %v", res, err)
		}
		// A second run of the same file files nothing new.
		res, err = e.svc.Import(ctx, operator, lines)
		if err != nil || res.Created != 0 || res.Replayed != 2 {
			t.Fatalf("second run: %+v, %v", res, err)
		}
		page, err := e.svc.List(ctx, dispatcher, order.Filter{})
		if err != nil || page.Total != 2 {
			t.Fatalf("list: %+v, %v", page.Total, err)
		}
		for _, o := range page.Orders {
			if o.Channel != order.ChannelImport {
				t.Fatalf("channel %q", o.Channel)
			}
			if strings.Contains(o.Description, "装修") && !o.ReceivedAt.Equal(at(t, "2026-11-20T08:30:00+08:00")) {
				t.Fatalf("received %v, want the upstream time", o.ReceivedAt)
			}
			if strings.Contains(o.Description, "广场舞") && (!o.Confidential || o.CommunityCode != community1 || o.Point != nil) {
				t.Fatalf("address-only line: %+v", o)
			}
		}
	})
}

// One bad line stops the whole file before anything is filed, and every
// bad line is reported with its number.
func TestImportWithABadLineFilesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		file := importHeader +
			"BJ-1,2026-11-20 08:30:00,noise.disturb,楼上装修太吵,123.05,41.05,,,,,,source=neighbour\n" +
			"BJ-2,2026-11-20 09:00:00,no.such.category,不知道的类别,123.05,41.05,,,,,,\n" +
			"BJ-3,2026-11-20 09:30:00,noise.disturb,网格外,10.0,10.0,,,,,,source=neighbour\n"
		lines, err := order.ParseImport(strings.NewReader(file), cst)
		if err != nil {
			t.Fatal(err)
		}
		before := e.snapshot(t)
		_, err = e.svc.Import(context.Background(), operator, lines)
		var errs order.ImportErrors
		if !errors.As(err, &errs) || len(errs) != 2 || errs[0].Line != 3 || errs[1].Line != 4 {
			t.Fatalf("errors %v", err)
		}
		if after := e.snapshot(t); after != before {
			t.Fatalf("a refused file wrote: %v → %v", before, after)
		}
	})
}

func TestParseImportReportsEveryBadLine(t *testing.T) {
	for name, c := range map[string]struct {
		file, want string
	}{
		"unknown column":   {"upstream_id,received_at,category,description,colour\n", `unknown column "colour"`},
		"missing column":   {"upstream_id,category,description\n", `column "received_at" is required`},
		"bad time":         {importHeader + "X,yesterday,noise.disturb,吵,,,,,,,,\n", "line 2: received_at"},
		"bad point":        {importHeader + "X,2026-11-20 08:00,noise.disturb,吵,east,41,,,,,,\n", "line 2: lng"},
		"duplicate id":     {importHeader + "X,2026-11-20 08:00,noise.disturb,吵,,,,,,,,\nX,2026-11-20 08:00,noise.disturb,吵,,,,,,,,\n", `line 3: upstream_id "X" already on line 2`},
		"bad confidential": {importHeader + "X,2026-11-20 08:00,noise.disturb,吵,,,,,,,maybe,\n", "line 2: confidential"},
		"bad attributes":   {importHeader + "X,2026-11-20 08:00,noise.disturb,吵,,,,,,,,=x\n", "line 2: attributes"},
	} {
		_, err := order.ParseImport(strings.NewReader(c.file), cst)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", name, err, c.want)
		}
	}
}
