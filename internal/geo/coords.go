package geo

import (
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
)

// coordReader reads GeoJSON coordinates (nested arrays of numbers) straight
// into orb types: encoding/json's reflection made loading 50,000 stored
// grids several times slower. It accepts only JSON: arrays where arrays
// belong, JSON numbers where numbers belong, nothing after.
type coordReader struct {
	b []byte
	i int
}

func (r *coordReader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *coordReader) fail(want string) error {
	r.space()
	if r.i >= len(r.b) {
		return fmt.Errorf("expected %s at byte %d, found the end", want, r.i)
	}
	return fmt.Errorf("expected %s at byte %d, found %q", want, r.i, r.b[r.i])
}

// list reads "[ item, item … ]", calling item for each element.
func (r *coordReader) list(what string, item func() error) error {
	r.space()
	if r.i >= len(r.b) || r.b[r.i] != '[' {
		return r.fail(what)
	}
	r.i++
	r.space()
	if r.i < len(r.b) && r.b[r.i] == ']' {
		r.i++
		return nil
	}
	for {
		if err := item(); err != nil {
			return err
		}
		r.space()
		if r.i < len(r.b) && r.b[r.i] == ',' {
			r.i++
			continue
		}
		if r.i < len(r.b) && r.b[r.i] == ']' {
			r.i++
			return nil
		}
		return r.fail("',' or ']'")
	}
}

// number reads one JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *coordReader) number() (float64, error) {
	r.space()
	start := r.i
	digits := func() int {
		n := 0
		for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
			r.i++
			n++
		}
		return n
	}
	if r.i < len(r.b) && r.b[r.i] == '-' {
		r.i++
	}
	if r.i < len(r.b) && r.b[r.i] == '0' {
		r.i++
	} else if digits() == 0 {
		r.i = start
		return 0, r.fail("a number")
	}
	if r.i < len(r.b) && r.b[r.i] == '.' {
		r.i++
		if digits() == 0 {
			return 0, r.fail("a digit")
		}
	}
	if r.i < len(r.b) && (r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.i++
		if r.i < len(r.b) && (r.b[r.i] == '+' || r.b[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			return 0, r.fail("a digit")
		}
	}
	f, err := strconv.ParseFloat(string(r.b[start:r.i]), 64)
	if err != nil {
		return 0, fmt.Errorf("number %s at byte %d is out of range", r.b[start:r.i], start)
	}
	return f, nil
}

// ring reads an array of positions; a position must hold 2 numbers or 3
// (altitude, dropped). bad receives the index and length of the first
// position that does not.
func (r *coordReader) ring(bad *[2]int) (orb.Ring, error) {
	var ring orb.Ring
	err := r.list("an array of positions", func() error {
		var pos [3]float64
		n := 0
		err := r.list("a position [lng, lat]", func() error {
			f, err := r.number()
			if n < 3 {
				pos[n] = f
			}
			n++
			return err
		})
		if err != nil {
			return err
		}
		if (n != 2 && n != 3) && bad[1] == 0 {
			*bad = [2]int{len(ring), n}
			if n == 0 {
				bad[1] = -1
			}
		}
		ring = append(ring, orb.Point{pos[0], pos[1]})
		return nil
	})
	return ring, err
}

// polygon reads an array of rings. A wrongly sized position is reported as
// a message, after the whole value parsed.
func (r *coordReader) polygon(prefix string, msg *string) (orb.Polygon, error) {
	var p orb.Polygon
	err := r.list("an array of rings", func() error {
		var bad [2]int
		ring, err := r.ring(&bad)
		if err != nil {
			return err
		}
		if bad[1] != 0 && *msg == "" {
			*msg = fmt.Sprintf("%sring %d position %d has %d numbers, want [lng, lat]", prefix, len(p), bad[0], max(bad[1], 0))
		}
		p = append(p, ring)
		return nil
	})
	return p, err
}

func (r *coordReader) end() error {
	r.space()
	if r.i != len(r.b) {
		return r.fail("the end")
	}
	return nil
}

func readPolygon(raw []byte) (orb.Polygon, string, error) {
	r := &coordReader{b: raw}
	var msg string
	p, err := r.polygon("", &msg)
	if err == nil {
		err = r.end()
	}
	return p, msg, err
}

func readMultiPolygon(raw []byte) (orb.MultiPolygon, string, error) {
	r := &coordReader{b: raw}
	var mp orb.MultiPolygon
	var msg string
	err := r.list("an array of polygons", func() error {
		p, err := r.polygon(fmt.Sprintf("polygon %d: ", len(mp)), &msg)
		mp = append(mp, p)
		return err
	})
	if err == nil {
		err = r.end()
	}
	return mp, msg, err
}
