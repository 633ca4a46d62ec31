package party

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// Org is a party organisation of a community.
type Org struct {
	ID            int64     `json:"id"`
	CommunityCode string    `json:"community_code"`
	CommunityName string    `json:"community_name"`
	GridCode      string    `json:"grid_code,omitempty"`
	ParentID      int64     `json:"parent_id,omitempty"`
	Kind          string    `json:"kind"`
	Name          string    `json:"name"`
	Secretary     string    `json:"secretary,omitempty"` // an official acting in office, kept in clear like a service point's staff
	Members       int       `json:"members"`
	CreatedAt     time.Time `json:"created_at"`
}

// OrgInput is a new organisation.
type OrgInput struct {
	CommunityCode string `json:"community_code"`
	GridCode      string `json:"grid_code"` // a 网格党小组's grid
	ParentID      int64  `json:"parent_id"` // none for the community's top organisation
	Kind          string `json:"kind"`
	Name          string `json:"name"`
	Secretary     string `json:"secretary"`
}

// AddOrg records an organisation. A community has one top organisation
// (社区党委, 党总支, or a lone 党支部, with no parent); 党支部 sit under it and
// 网格党小组 under a 党支部 (or the top), each in a grid of the community.
func (s *Service) AddOrg(ctx context.Context, a Actor, in OrgInput) (Org, error) {
	if err := a.need(keepRoles, "keep party records"); err != nil {
		return Org{}, err
	}
	kind, ok := lookup(OrgKinds, in.Kind)
	if !ok {
		return Org{}, invalid("kind %q: want one of %s — 组织类型不对", in.Kind, codes(OrgKinds))
	}
	name, err := clean("name", in.Name, 2, 60, true)
	if err != nil {
		return Org{}, err
	}
	secretary, err := clean("secretary", in.Secretary, 0, 40, true)
	if err != nil {
		return Org{}, err
	}
	in.GridCode = strings.TrimSpace(in.GridCode)
	switch {
	case kind.Code == OrgGroup && in.GridCode == "":
		return Org{}, invalid("a 网格党小组 belongs to a grid: choose one — 网格党小组须选择所在网格")
	case kind.Code != OrgGroup && in.GridCode != "":
		return Org{}, invalid("only a 网格党小组 sits in a grid — 只有网格党小组关联网格")
	case (kind.Code == OrgCommittee || kind.Code == OrgGeneral) && in.ParentID != 0:
		return Org{}, invalid("a %s is the community's top organisation and has no parent — %s 是社区最高组织，无上级", kind.Zh, kind.Zh)
	case kind.Code == OrgGroup && in.ParentID == 0:
		return Org{}, invalid("a 网格党小组 sits under a 党支部: choose it — 请选择网格党小组所属的党支部")
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := community(ctx, tx, in.CommunityCode)
		if err != nil {
			return err
		}
		if !a.Scope.CoversRegion(comm.Code) {
			return notFound("community", comm.Code)
		}
		if in.GridCode != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM grids WHERE code = ?`, in.GridCode).Scan(&n); err != nil {
				return err
			}
			if n == 0 || !strings.HasPrefix(in.GridCode, comm.Code) {
				return invalid("grid %s is not a grid of %s — 网格不属于%s", in.GridCode, comm.Name, comm.Name)
			}
		}
		if in.ParentID != 0 {
			var pc, pk string
			err := tx.QueryRowContext(ctx, `SELECT community_code, kind FROM party_orgs WHERE id = ?`, in.ParentID).Scan(&pc, &pk)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && pc != comm.Code) {
				return invalid("parent organisation %d is not one of %s — 上级组织不属于%s", in.ParentID, comm.Name, comm.Name)
			}
			if err != nil {
				return err
			}
			if pk == OrgGroup {
				return invalid("a 网格党小组 has no organisations under it — 网格党小组下不能再设组织")
			}
			if kind.Code == OrgBranch && pk == OrgBranch {
				return invalid("a 党支部 sits under the 社区党委 or 党总支, not under another 党支部 — 党支部应隶属社区党委或党总支")
			}
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO party_orgs (community_code, grid_code, parent_id, kind, name, secretary, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, comm.Code, nullStr(in.GridCode), nullID(in.ParentID), kind.Code, name, secretary,
			store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			if in.ParentID == 0 {
				return conflict("%s has its top organisation already: add this one under it — %s 已有社区党组织，请设为其下级组织", comm.Name, comm.Name)
			}
			return conflict("%s has an organisation named %s already — 该社区已有同名组织", comm.Name, name)
		}
		if err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.org", target("org", id), kind.Zh+" "+name)
	})
	if err != nil {
		return Org{}, err
	}
	return s.org(ctx, s.cfg.DB, id)
}

const orgColumns = `o.id, o.community_code, COALESCE(r.name, ''), COALESCE(o.grid_code, ''), COALESCE(o.parent_id, 0), o.kind, o.name,
	o.secretary, o.created_at, (SELECT COUNT(*) FROM party_members m WHERE m.org_id = o.id)`

const orgFrom = ` FROM party_orgs o LEFT JOIN regions r ON r.code = o.community_code`

func scanOrg(sc scanner) (Org, error) {
	var o Org
	var created int64
	err := sc.Scan(&o.ID, &o.CommunityCode, &o.CommunityName, &o.GridCode, &o.ParentID, &o.Kind, &o.Name, &o.Secretary, &created, &o.Members)
	o.CreatedAt = store.Time(created)
	return o, err
}

func (s *Service) org(ctx context.Context, q store.Querier, id int64) (Org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+orgFrom+` WHERE o.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Org{}, notFound("organisation", id)
	}
	return o, err
}

// Orgs lists the organisations in a's scope (under a region of it when
// under is given), community by community, top first.
func (s *Service) Orgs(ctx context.Context, a Actor, under string) ([]Org, error) {
	prefix, err := a.listPrefix(under)
	if err != nil {
		return nil, err
	}
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+orgColumns+orgFrom+` WHERE o.community_code LIKE ?
		ORDER BY o.community_code, CASE WHEN o.parent_id IS NULL THEN 0 ELSE 1 END, o.kind, o.id`, prefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// listPrefix is the region prefix a's lists filter by: its scope, or a
// region under it.
func (a Actor) listPrefix(under string) (string, error) {
	if err := a.need(readRoles, "read party records"); err != nil {
		return "", err
	}
	if under == "" {
		return a.Scope.RegionPrefix(), nil
	}
	if !a.Scope.CoversRegion(under) {
		return "", notFound("region", under)
	}
	return under, nil
}
