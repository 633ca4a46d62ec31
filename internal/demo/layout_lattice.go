package demo

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// jitterFraction bounds how far (as a fraction of the spacing, per axis) a
// lattice vertex moves. Below 0.25 every quadrilateral stays convex, which the
// clipper relies on.
const jitterFraction = 0.2

// lattice is a square grid of quadrilaterals over the outline whose vertices
// are jittered once, so neighbouring cells share their edges exactly. Cell
// (i, j) has i growing east and j growing north.
type lattice struct {
	frame            localFrame
	outline          *outlineIndex
	spacing          float64 // metres between unjittered vertices
	nx, ny           int     // cells per axis
	originX, originY float64 // metres of unjittered vertex (0, 0)
	vertex           []orb.Point
	inside           []bool    // vertex inside the outline
	bucket           [][]int32 // per cell: outline edges that may touch it

	hCross, vCross [][]edgeCrossing // per lattice edge, filled lazily
	hDone, vDone   []bool
}

func newLattice(frame localFrame, o *outlineIndex, spacing float64, rng *rand.Rand) *lattice {
	b := o.ring.Bound()
	lo, hi := frame.toMetres(b.Min), frame.toMetres(b.Max)
	margin := 2 * spacing
	l := &lattice{frame: frame, outline: o, spacing: spacing}
	l.originX = lo[0] - margin - rng.Float64()*spacing
	l.originY = lo[1] - margin - rng.Float64()*spacing
	l.nx = int(math.Ceil((hi[0] + margin - l.originX) / spacing))
	l.ny = int(math.Ceil((hi[1] + margin - l.originY) / spacing))

	l.vertex = make([]orb.Point, (l.nx+1)*(l.ny+1))
	l.inside = make([]bool, len(l.vertex))
	amp := jitterFraction * spacing
	for j := 0; j <= l.ny; j++ {
		for i := 0; i <= l.nx; i++ {
			m := orb.Point{
				l.originX + float64(i)*spacing + (2*rng.Float64()-1)*amp,
				l.originY + float64(j)*spacing + (2*rng.Float64()-1)*amp,
			}
			k := l.vertexIndex(i, j)
			l.vertex[k] = frame.toLngLat(m)
			l.inside[k] = o.contains(l.vertex[k])
		}
	}
	l.bucketEdges()
	l.hCross = make([][]edgeCrossing, l.nx*(l.ny+1))
	l.hDone = make([]bool, len(l.hCross))
	l.vCross = make([][]edgeCrossing, (l.nx+1)*l.ny)
	l.vDone = make([]bool, len(l.vCross))
	return l
}

func (l *lattice) vertexIndex(i, j int) int { return j*(l.nx+1) + i }

func (l *lattice) cellIndex(i, j int) int { return j*l.nx + i }

// bucketEdges files each outline edge under every cell within one cell of its
// bounding box; jitter is far less than a cell, so no touching edge is missed.
func (l *lattice) bucketEdges() {
	l.bucket = make([][]int32, l.nx*l.ny)
	for e := 0; e < l.outline.edgeCount(); e++ {
		a, b := l.outline.edge(int32(e))
		ma, mb := l.frame.toMetres(a), l.frame.toMetres(b)
		i0 := l.column(math.Min(ma[0], mb[0])) - 1
		i1 := l.column(math.Max(ma[0], mb[0])) + 1
		j0 := l.row(math.Min(ma[1], mb[1])) - 1
		j1 := l.row(math.Max(ma[1], mb[1])) + 1
		for j := max(j0, 0); j <= min(j1, l.ny-1); j++ {
			for i := max(i0, 0); i <= min(i1, l.nx-1); i++ {
				k := l.cellIndex(i, j)
				l.bucket[k] = append(l.bucket[k], int32(e))
			}
		}
	}
}

func (l *lattice) column(x float64) int { return int(math.Floor((x - l.originX) / l.spacing)) }
func (l *lattice) row(y float64) int    { return int(math.Floor((y - l.originY) / l.spacing)) }

// blockBound is the unjittered square, in metres, of the size×size block at cell (i, j).
func (l *lattice) blockBound(i, j, size int) orb.Bound {
	return orb.Bound{
		Min: orb.Point{l.originX + float64(i)*l.spacing, l.originY + float64(j)*l.spacing},
		Max: orb.Point{l.originX + float64(i+size)*l.spacing, l.originY + float64(j+size)*l.spacing},
	}
}

// hCrossings lists where the outline crosses the horizontal lattice edge from
// vertex (i, j) to (i+1, j), ordered west to east.
func (l *lattice) hCrossings(i, j int) ([]edgeCrossing, error) {
	k := j*l.nx + i
	if !l.hDone[k] {
		xs, err := l.crossings(l.vertexIndex(i, j), l.vertexIndex(i+1, j), l.bucket[l.cellIndex(i, min(j, l.ny-1))])
		if err != nil {
			return nil, err
		}
		l.hCross[k], l.hDone[k] = xs, true
	}
	return l.hCross[k], nil
}

// vCrossings lists where the outline crosses the vertical lattice edge from
// vertex (i, j) to (i, j+1), ordered south to north.
func (l *lattice) vCrossings(i, j int) ([]edgeCrossing, error) {
	k := j*(l.nx+1) + i
	if !l.vDone[k] {
		xs, err := l.crossings(l.vertexIndex(i, j), l.vertexIndex(i, j+1), l.bucket[l.cellIndex(min(i, l.nx-1), j)])
		if err != nil {
			return nil, err
		}
		l.vCross[k], l.vDone[k] = xs, true
	}
	return l.vCross[k], nil
}
