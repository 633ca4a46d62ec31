package imagemeta

import (
	"bytes"
	"encoding/binary"
)

// cleanWebP drops the EXIF and XMP chunks of a RIFF WebP file and clears
// their flags in the VP8X header. (The standard library cannot decode
// WebP, so an EXIF orientation is dropped, not applied; phones write
// JPEG, and WebP encoders apply orientation to the pixels.)
func cleanWebP(data []byte) ([]byte, error) {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WEBP" {
		return nil, malformed("no RIFF WEBP header")
	}
	size := int(binary.LittleEndian.Uint32(data[4:]))
	if size < 4 || size+8 > len(data) {
		return nil, malformed("RIFF size %d for %d bytes", size, len(data))
	}
	data = data[:size+8] // anything after the RIFF is not part of the image
	out := bytes.NewBuffer(make([]byte, 0, len(data)))
	out.Write(data[:12])
	for i := 12; i < len(data); {
		if i+8 > len(data) {
			return nil, malformed("WebP ends inside a chunk header at byte %d", i)
		}
		fourcc, n := string(data[i:i+4]), int(binary.LittleEndian.Uint32(data[i+4:]))
		padded := n + n%2
		if n < 0 || padded > len(data)-i-8 {
			return nil, malformed("WebP chunk %q of %d bytes at byte %d", fourcc, n, i)
		}
		chunk := data[i : i+8+padded]
		i += 8 + padded
		switch fourcc {
		case "EXIF", "XMP ":
			continue
		case "VP8X":
			if n < 10 {
				return nil, malformed("VP8X chunk of %d bytes", n)
			}
			c := bytes.Clone(chunk)
			c[8] &^= 0x08 | 0x04 // EXIF and XMP present flags
			out.Write(c)
		default:
			out.Write(chunk)
		}
	}
	b := out.Bytes()
	binary.LittleEndian.PutUint32(b[4:], uint32(len(b)-8))
	return b, nil
}
