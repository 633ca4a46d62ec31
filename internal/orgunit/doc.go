// Package orgunit keeps the real units (实有单位) of each community: the
// 机关、事业单位、企业、个体工商户、社会组织、学校、医疗机构 and 商业网点 at a
// standard address, with their 统一社会信用代码 (GB 32100-2015, check
// character verified), their grid (the address's), a contact person whose
// name and phone are sealed (internal/pii) and masked on screen, and their
// staff count and state. It owns their SQL and the scope rules: a
// community sees and keeps its own units; outside the scope is NotFound.
//
// A credit code is required except for 个体工商户 and 商业网点: older 个体
// registrations and a shop that is a branch or a counter of another unit
// often have none of their own. When one is given its registration
// authority and unit type must fit the kind (a 企业 is 91 or 93, a 个体工商户
// 92, a 机关 11, 13 or 19, a 事业单位 12 or A1, a 社会组织 5x).
package orgunit
