package demo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// tileCell is one grid-to-be: a ring inside the outline made of one quadtree
// block of fine lattice cells (or of the part of it the outline keeps).
type tileCell struct {
	ring     orb.Ring  // lng/lat, closed, counter-clockwise
	nominal  float64   // metres: side of the block it came from
	area     float64   // m²
	centroid orb.Point // metres
}

// maxGridBlock is the largest block, in fine cells per side (rural grids).
const maxGridBlock = 8

// blockSizeFor grows cells with the distance (metres) from the urban core:
// dense city blocks there, village-sized cells in the hills.
func blockSizeFor(distance float64) int {
	switch {
	case distance <= 400:
		return 1
	case distance <= 2000:
		return 2
	case distance <= 4500:
		return 4
	}
	return maxGridBlock
}

// tileOutline covers the outline with about target cells. The cell count
// goes roughly as 1/spacing², which gives the next spacing to try; once one
// try is too fine and another too coarse, later tries stay between them. The
// run closest to the target wins.
func tileOutline(o *outlineIndex, frame localFrame, core orb.Bound, hasCore bool, target int, seed uint64) ([]tileCell, error) {
	spacing := math.Sqrt(frame.area(o.ring) / float64(target) / 4)
	tooFine, tooCoarse := 0.0, math.Inf(1) // spacings known to give too many / too few cells
	var best []tileCell
	for range 12 {
		cells, err := tileWithSpacing(o, frame, core, hasCore, spacing, seed)
		if err != nil {
			return nil, err
		}
		n := len(cells)
		if best == nil || countGap(n-target) < countGap(len(best)-target) {
			best = cells
		}
		if countGap(n-target)*200 <= target {
			break
		}
		if n > target {
			tooFine = math.Max(tooFine, spacing)
		} else {
			tooCoarse = math.Min(tooCoarse, spacing)
		}
		next := spacing * math.Sqrt(float64(n)/float64(target))
		if next <= tooFine || next >= tooCoarse {
			next = math.Sqrt(tooFine * tooCoarse) // both known here: bisect geometrically
		}
		spacing = next
	}
	return best, nil
}

// tileWithSpacing builds one tiling. An outline vertex exactly on a lattice
// edge is vanishingly rare; if it happens the jitter is drawn again.
func tileWithSpacing(o *outlineIndex, frame localFrame, core orb.Bound, hasCore bool, spacing float64, seed uint64) ([]tileCell, error) {
	for attempt := range 5 {
		rng := rand.New(rand.NewPCG(seed, 0x6c617474+uint64(attempt)))
		t := &tiler{l: newLattice(frame, o, spacing, rng), core: core, hasCore: hasCore}
		err := t.run()
		if errors.Is(err, errDegenerate) {
			continue
		}
		if err != nil {
			return nil, err
		}
		cells := mergeSlivers(t.cells, frame)
		return largestComponent(cells)
	}
	return nil, fmt.Errorf("demo: tiling: %w after 5 jitter draws", errDegenerate)
}

type tiler struct {
	l       *lattice
	core    orb.Bound // metres
	hasCore bool
	cells   []tileCell
}

func (t *tiler) run() error {
	for j := 0; j < t.l.ny; j += maxGridBlock {
		for i := 0; i < t.l.nx; i += maxGridBlock {
			if err := t.emitBlock(i, j, maxGridBlock, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// emitBlock turns the size×size block at fine cell (i, j) into cells: split
// while the block is bigger than its place allows (or when its clipped union
// is not one simple ring), else one cell per connected part inside the outline.
func (t *tiler) emitBlock(i, j, size int, split bool) error {
	l := t.l
	if i >= l.nx || j >= l.ny {
		return nil
	}
	if size > 1 && (split || size > t.sizeFor(i, j, size)) {
		h := size / 2
		for _, d := range [4][2]int{{0, 0}, {h, 0}, {0, h}, {h, h}} {
			if err := t.emitBlock(i+d[0], j+d[1], h, false); err != nil {
				return err
			}
		}
		return nil
	}
	var pieces []orb.Ring
	for jj := j; jj < min(j+size, l.ny); jj++ {
		for ii := i; ii < min(i+size, l.nx); ii++ {
			p, err := l.clipCell(ii, jj)
			if err != nil {
				return err
			}
			pieces = append(pieces, p...)
		}
	}
	if len(pieces) == 0 {
		return nil
	}
	rings, ok := unionRings(pieces)
	if !ok {
		if size > 1 {
			return t.emitBlock(i, j, size, true)
		}
		rings = pieces
	}
	for _, r := range rings {
		t.cells = append(t.cells, newTileCell(r, float64(size)*l.spacing, l.frame))
	}
	return nil
}

func (t *tiler) sizeFor(i, j, size int) int {
	if !t.hasCore {
		return 1
	}
	return blockSizeFor(boundDistance(t.l.blockBound(i, j, size), t.core))
}

func newTileCell(r orb.Ring, nominal float64, frame localFrame) tileCell {
	return tileCell{ring: r, nominal: nominal, area: frame.area(r), centroid: frame.centroid(r)}
}

// boundDistance is the gap between two rectangles (0 when they overlap).
func boundDistance(a, b orb.Bound) float64 {
	dx := math.Max(0, math.Max(a.Min[0]-b.Max[0], b.Min[0]-a.Max[0]))
	dy := math.Max(0, math.Max(a.Min[1]-b.Max[1], b.Min[1]-a.Max[1]))
	return math.Hypot(dx, dy)
}

func countGap(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
