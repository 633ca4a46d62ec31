// Package category is the 派单目录: the catalogue of what residents report,
// as a tree. The top classes follow GB/T 30428 (部件 components and 事件
// events); below them sit the matters residents actually call about. Each
// category says where an order goes by default (its Route), how urgent it
// is, the time limits for the provisional reply and the resolution, and the
// extra fields an order of that kind must carry (exposed as Open311
// attributes).
//
// Orders copy the limits of their category when created, so an admin edit
// here never rewrites past orders. Edits use optimistic locking and are
// written to the audit log in the same transaction.
package category
