package demo

import (
	"context"
	"fmt"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// demoUser is one account the demo creates. Usernames are the role codes so
// a visitor can guess them; the passwords are random and printed once.
type demoUser struct {
	username, display, role, node, department string
	gridRole                                  string // head or worker of the demo grid
	buildingRole                              bool   // 楼长 of the demo building
}

// addUsers creates one user per role, placed in the first street, its
// first community and that community's first grid and building.
func addUsers(ctx context.Context, db *store.DB, layout LayoutResult) ([]Credential, error) {
	if len(layout.Grids) == 0 || len(layout.Buildings) == 0 {
		return nil, fmt.Errorf("demo: layout has no grids or buildings")
	}
	community := layout.Grids[0].CommunityCode
	street := community[:9]
	gridCode := grid.GridCode(community, layout.Grids[0].Seq)
	users := []demoUser{
		{username: "admin", display: "系统管理员", role: auth.RoleAdmin, node: DistrictCode},
		{username: "leader", display: "区领导", role: auth.RoleLeader, node: DistrictCode},
		{username: "dispatcher", display: "区指挥中心", role: auth.RoleDispatcher, node: DistrictCode},
		{username: "operator", display: "12345话务员", role: auth.RoleOperator, node: DistrictCode},
		{username: "supervisor", display: "区纪委监委", role: auth.RoleSupervisor, node: DistrictCode},
		{username: "street", display: "北地街道办", role: auth.RoleStreet, node: street},
		{username: "community", display: "永光社区居委会", role: auth.RoleCommunity, node: community},
		{username: "gridhead", display: "网格长", role: auth.RoleGrid, node: community, gridRole: "head"},
		{username: "grid", display: "网格员", role: auth.RoleGrid, node: community, gridRole: "worker"},
		{username: "building", display: "楼长", role: auth.RoleBuilding, node: community, buildingRole: true},
		{username: "department", display: "城管执法局", role: auth.RoleDepartment, department: "chengguan"},
	}
	buildings, err := grid.ListBuildings(ctx, db, gridCode)
	if err != nil {
		return nil, err
	}
	creds := make([]Credential, 0, len(users))
	for _, du := range users {
		pw, err := newPassword(du.username)
		if err != nil {
			return nil, err
		}
		u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: du.username, DisplayName: du.display, Role: du.role,
			NodeCode: du.node, DepartmentCode: du.department, Password: pw}, auth.Actor{})
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", du.username, err)
		}
		place := du.node + du.department
		switch {
		case du.gridRole != "":
			if err := grid.AddMember(ctx, db, gridCode, u.ID, du.gridRole); err != nil {
				return nil, err
			}
			place = gridCode
		case du.buildingRole && len(buildings) > 0:
			if err := grid.AddBuildingMember(ctx, db, buildings[0].Code, "", u.ID, "building"); err != nil {
				return nil, err
			}
			place = buildings[0].Code
		}
		creds = append(creds, Credential{Username: du.username, Role: du.role, Place: place, Password: pw})
	}
	return creds, nil
}
