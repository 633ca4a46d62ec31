// Package classify learns, from the store's own orders, which category a
// citizen's text belongs to, and suggests the 诉求类型 (consultation, help,
// complaint, report, suggestion, praise) from its wording. Models are
// trained on the categories staff confirmed, stored versioned in the
// database, retrained on a schedule and on `civicgrid classify train`, and
// served by Service.Suggest; while the history is thin the catalogue's
// names and keywords suggest instead (docs/design.md §8).
package classify
