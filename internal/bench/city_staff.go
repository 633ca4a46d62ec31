package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// cityStaff are the API tokens of the people working the day: the 12345
// operator and the command centre's dispatcher and leader (the demo's
// accounts), and one handler for every street office, every community
// (who handles its grids' orders) and every department, each scoped to
// its own part of the org tree as a real deployment would have them.
type cityStaff struct {
	operator, dispatcher, leader string
	street, community, dept      map[string]string // code → token
	depts                        []string          // department codes, for the dispatcher's targets
}

// handler is the token of whoever handles an order at level with handler
// code; "" when nobody in the bench does.
func (s *cityStaff) handler(level, code string) string {
	switch level {
	case "grid":
		if len(code) >= 12 {
			return s.community[code[:12]]
		}
	case "street":
		return s.street[code]
	case "department":
		return s.dept[code]
	}
	return ""
}

// prepareStaff creates the handlers' accounts and everyone's tokens.
func prepareStaff(ctx context.Context, db *store.DB) (*cityStaff, error) {
	s := &cityStaff{street: map[string]string{}, community: map[string]string{}, dept: map[string]string{}}
	var err error
	for _, p := range []struct {
		name string
		to   *string
	}{{"operator", &s.operator}, {"dispatcher", &s.dispatcher}, {"leader", &s.leader}} {
		u, err := auth.GetUserByUsername(ctx, db, p.name)
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", p.name, err)
		}
		if *p.to, err = auth.CreateToken(ctx, db, u.ID, "city bench", auth.Actor{}); err != nil {
			return nil, err
		}
	}
	type want struct {
		user auth.NewUser
		into map[string]string
		code string
	}
	var wants []want
	rows, err := db.QueryContext(ctx, `SELECT code, level FROM regions WHERE level IN ('street','community','village') ORDER BY code`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code, level string
		if err := rows.Scan(&code, &level); err != nil {
			rows.Close()
			return nil, err
		}
		w := want{user: auth.NewUser{Username: "city-" + code, Role: auth.RoleCommunity, NodeCode: code}, into: s.community, code: code}
		if level == "street" {
			w.user.Role, w.into = auth.RoleStreet, s.street
		}
		wants = append(wants, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	depts, err := org.ListDepartments(ctx, db, "")
	if err != nil {
		return nil, err
	}
	for _, d := range depts {
		s.depts = append(s.depts, d.Code)
		wants = append(wants, want{user: auth.NewUser{Username: "city-" + d.Code, Role: auth.RoleDepartment,
			DepartmentCode: d.Code}, into: s.dept, code: d.Code})
	}
	if len(s.depts) == 0 {
		return nil, fmt.Errorf("the store has no departments to dispatch to")
	}
	// Two at a time: each account costs a password hash.
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, len(wants))
	sem := make(chan struct{}, 2)
	for _, w := range wants {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			w.user.Password = randomPassword()
			u, err := auth.CreateUser(ctx, db, w.user, auth.Actor{})
			if err != nil {
				errs <- fmt.Errorf("user %s: %w", w.user.Username, err)
				return
			}
			tok, err := auth.CreateToken(ctx, db, u.ID, "city bench", auth.Actor{})
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			w.into[w.code] = tok
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return nil, err
	}
	return s, nil
}

func randomPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "Cg" + hex.EncodeToString(b)
}
