package imagemeta

import (
	"bytes"
	"encoding/binary"
	"time"
)

// Geotag is where and when a photo says it was taken.
type Geotag struct {
	Lat, Lng float64
	HasPoint bool
	TakenAt  time.Time // zero when absent; EXIF times carry no zone, read as Asia/Shanghai by the caller's loc
	HasTime  bool
}

// ReadGeotag reads the GPS position (GPS IFD, tags 1–4) and the original
// date (Exif IFD, tag 0x9003) of a JPEG's EXIF, before Clean strips it.
// loc is the zone the camera's local time is read in. A photo without
// EXIF, or with broken tags, gives the zero Geotag: reading never fails.
func ReadGeotag(data []byte, loc *time.Location) Geotag {
	tiff := jpegExif(data)
	if tiff == nil {
		return Geotag{}
	}
	r, ok := newTIFF(tiff)
	if !ok {
		return Geotag{}
	}
	var g Geotag
	ifd0 := r.u32(4)
	if gps, ok := r.tag(ifd0, 0x8825); ok {
		latRef, _ := r.ascii(gps, 1)
		lat, ok1 := r.degrees(gps, 2)
		lngRef, _ := r.ascii(gps, 3)
		lng, ok2 := r.degrees(gps, 4)
		if ok1 && ok2 && lat <= 90 && lng <= 180 && (lat != 0 || lng != 0) {
			if latRef == "S" {
				lat = -lat
			}
			if lngRef == "W" {
				lng = -lng
			}
			g.Lat, g.Lng, g.HasPoint = lat, lng, true
		}
	}
	if exif, ok := r.tag(ifd0, 0x8769); ok {
		if s, ok := r.ascii(exif, 0x9003); ok {
			if t, err := time.ParseInLocation("2006:01:02 15:04:05", s, loc); err == nil {
				g.TakenAt, g.HasTime = t, true
			}
		}
	}
	return g
}

// jpegExif returns the TIFF payload of a JPEG's Exif APP1 segment.
func jpegExif(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	i := 2
	for i+4 <= len(data) && data[i] == 0xFF {
		marker := data[i+1]
		if marker == 0xFF {
			i++
			continue
		}
		if marker == 0xDA || marker == 0xD9 {
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil
		}
		payload := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")) {
			return payload[6:]
		}
		i += 2 + n
	}
	return nil
}

type tiffReader struct {
	b  []byte
	bo binary.ByteOrder
}

func newTIFF(b []byte) (tiffReader, bool) {
	if len(b) < 8 {
		return tiffReader{}, false
	}
	switch string(b[:4]) {
	case "II*\x00":
		return tiffReader{b, binary.LittleEndian}, true
	case "MM\x00*":
		return tiffReader{b, binary.BigEndian}, true
	}
	return tiffReader{}, false
}

func (r tiffReader) u32(off int) int {
	if off < 0 || off+4 > len(r.b) {
		return -1
	}
	return int(r.bo.Uint32(r.b[off:]))
}

// entry finds a tag in an IFD: its type, count and value offset (or the
// offset of the inline value).
func (r tiffReader) entry(ifd int, tag uint16) (typ uint16, count, valOff int, ok bool) {
	if ifd < 8 || ifd+2 > len(r.b) {
		return 0, 0, 0, false
	}
	n := int(r.bo.Uint16(r.b[ifd:]))
	for i := 0; i < n; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(r.b) {
			return 0, 0, 0, false
		}
		if r.bo.Uint16(r.b[e:]) != tag {
			continue
		}
		typ = r.bo.Uint16(r.b[e+2:])
		count = int(r.bo.Uint32(r.b[e+4:]))
		size := count
		switch typ {
		case 3:
			size *= 2
		case 4:
			size *= 4
		case 5:
			size *= 8
		}
		if size <= 4 {
			return typ, count, e + 8, true
		}
		off := int(r.bo.Uint32(r.b[e+8:]))
		if count < 0 || size < 0 || off < 0 || off+size > len(r.b) {
			return 0, 0, 0, false
		}
		return typ, count, off, true
	}
	return 0, 0, 0, false
}

// tag reads a LONG pointer tag (a sub-IFD offset).
func (r tiffReader) tag(ifd int, tag uint16) (int, bool) {
	typ, _, off, ok := r.entry(ifd, tag)
	if !ok || typ != 4 {
		return 0, false
	}
	return r.u32(off), true
}

func (r tiffReader) ascii(ifd int, tag uint16) (string, bool) {
	typ, count, off, ok := r.entry(ifd, tag)
	if !ok || typ != 2 || count == 0 {
		return "", false
	}
	return string(bytes.TrimRight(r.b[off:off+count], "\x00 ")), true
}

// degrees reads three RATIONALs (degrees, minutes, seconds).
func (r tiffReader) degrees(ifd int, tag uint16) (float64, bool) {
	typ, count, off, ok := r.entry(ifd, tag)
	if !ok || typ != 5 || count != 3 {
		return 0, false
	}
	var v [3]float64
	for i := range v {
		num, den := r.bo.Uint32(r.b[off+8*i:]), r.bo.Uint32(r.b[off+8*i+4:])
		if den == 0 {
			return 0, false
		}
		v[i] = float64(num) / float64(den)
	}
	return v[0] + v[1]/60 + v[2]/3600, true
}
