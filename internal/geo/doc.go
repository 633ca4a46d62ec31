// Package geo is the pure geometry of grids: parsing and validating grid
// polygons from GeoJSON, their areas and overlaps in square metres, and a
// point-to-grid index. It knows nothing of the database.
//
// Coordinates are WGS84 [lng, lat]. Metric figures use a local
// equirectangular projection on the WGS84 ellipsoid (see project.go), which
// at city scale (tens of kilometres) is within about 0.1% of the geodesic
// area: far finer than any decision taken on it.
package geo
