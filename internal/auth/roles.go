package auth

import "slices"

// Role codes (docs/design.md §1). Each user has exactly one.
const (
	RoleOperator   = "operator"
	RoleDispatcher = "dispatcher"
	RoleStreet     = "street"
	RoleCommunity  = "community"
	RoleGrid       = "grid"
	RoleBuilding   = "building"
	RoleDepartment = "department"
	RoleSupervisor = "supervisor"
	RoleLeader     = "leader"
	RoleAdmin      = "admin"
)

var roles = []string{
	RoleOperator, RoleDispatcher, RoleStreet, RoleCommunity, RoleGrid,
	RoleBuilding, RoleDepartment, RoleSupervisor, RoleLeader, RoleAdmin,
}

// Roles lists every role code in the order of docs/design.md §1.
func Roles() []string { return slices.Clone(roles) }

// IsRole reports whether s is a known role code.
func IsRole(s string) bool { return slices.Contains(roles, s) }

// CanAdminister reports whether the role may manage users, the org tree
// and settings (within its scope).
func CanAdminister(role string) bool { return slices.Contains(AdminRoles(), role) }

// AdminRoles are the roles CanAdminister admits, for guards that take a
// list of roles.
func AdminRoles() []string { return []string{RoleAdmin} }

// auditReaders read the audit log: admins and supervisors.
var auditReaders = []string{RoleAdmin, RoleSupervisor}

// MayReadAudit reports whether u, with scope s, may read the audit log.
// Its entries are not tied to one part of the tree, so only admins and
// supervisors at district level or above read it.
func MayReadAudit(u User, s Scope) bool {
	prefix := s.RegionPrefix()
	return slices.Contains(auditReaders, u.Role) && prefix != "" && len(prefix) <= 6
}
