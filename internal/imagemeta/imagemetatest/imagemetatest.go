// Package imagemetatest builds photos as phones write them — real pixels
// with EXIF (GPS, make, orientation), XMP, IPTC and a comment — for the
// tests of every package that stores photos.
package imagemetatest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// Halves is w×h pixels, the left half red and the right half blue, so a
// turn shows in where the colours land.
func Halves(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{R: 230, A: 255}
			if x >= w/2 {
				c = color.RGBA{B: 230, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// EXIF is a little-endian EXIF block as a phone writes it: IFD0 with
// the make, the orientation and a pointer to a GPS IFD holding latitude
// 41°N (GPSLatitudeRef "N", GPSLatitude 41/1 18/1 0/1).
func EXIF(orientation uint16) []byte {
	le := binary.LittleEndian
	b := []byte("II*\x00")
	b = le.AppendUint32(b, 8)
	// IFD0 at 8: three entries, then next-IFD 0.
	const ifd0Len = 2 + 3*12 + 4
	makeAt := uint32(8 + ifd0Len)
	makeVal := []byte("HUAWEI-P60\x00")
	gpsAt := makeAt + uint32(len(makeVal))
	b = le.AppendUint16(b, 3)
	entry := func(b []byte, tag, typ uint16, count, value uint32) []byte {
		b = le.AppendUint16(b, tag)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		return le.AppendUint32(b, value)
	}
	b = entry(b, 0x010F, 2, uint32(len(makeVal)), makeAt) // Make
	b = entry(b, 0x0112, 3, 1, uint32(orientation))       // Orientation (SHORT in the low bytes)
	b = entry(b, 0x8825, 4, 1, gpsAt)                     // GPSInfo IFD pointer
	b = le.AppendUint32(b, 0)
	b = append(b, makeVal...)
	// GPS IFD: two entries.
	latAt := gpsAt + 2 + 2*12 + 4
	b = le.AppendUint16(b, 2)
	b = entry(b, 0x0001, 2, 2, uint32('N')) // GPSLatitudeRef "N\0" inline
	b = entry(b, 0x0002, 5, 3, latAt)       // GPSLatitude, three RATIONALs
	b = le.AppendUint32(b, 0)
	for _, r := range [][2]uint32{{41, 1}, {18, 1}, {0, 1}} {
		b = le.AppendUint32(b, r[0])
		b = le.AppendUint32(b, r[1])
	}
	return b
}

// PhoneJPEG is a real JPEG of img with an EXIF APP1 (GPS, make,
// orientation), an XMP APP1, an IPTC APP13 and a comment after SOI.
func PhoneJPEG(img image.Image, orientation uint16) []byte {
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 95}); err != nil {
		panic(err)
	}
	seg := func(marker byte, payload []byte) []byte {
		s := []byte{0xFF, marker, 0, 0}
		binary.BigEndian.PutUint16(s[2:], uint16(len(payload)+2))
		return append(s, payload...)
	}
	var out []byte
	out = append(out, 0xFF, 0xD8)
	out = append(out, seg(0xE1, append([]byte("Exif\x00\x00"), EXIF(orientation)...))...)
	out = append(out, seg(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>41,18N</exif:GPSLatitude></x:xmpmeta>"))...)
	out = append(out, seg(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0a\x1c\x02\x50\x00\x04Li Si"))...)
	out = append(out, seg(0xFE, []byte("shot on HUAWEI-P60 at home"))...)
	return append(out, enc.Bytes()[2:]...)
}

// Markers are byte strings only the metadata of PhoneJPEG holds.
var Markers = []string{"Exif\x00\x00", "HUAWEI", "xmpmeta", "GPSLatitude", "8BIM", "Li Si", "shot on"}

// PNG is img as a plain PNG.
func PNG(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// JPEG is img as a plain JPEG, no metadata.
func JPEG(img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// WebP is a well-formed RIFF WebP container around a VP8 chunk of filler
// (the standard library cannot encode WebP; the structure is what counts
// here); fill varies the bytes.
func WebP(fill byte) []byte {
	vp8 := bytes.Repeat([]byte{fill}, 30)
	body := append([]byte("WEBPVP8 "), binary.LittleEndian.AppendUint32(nil, uint32(len(vp8)))...)
	body = append(body, vp8...)
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	return append(out, body...)
}
