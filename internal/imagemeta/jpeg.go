package imagemeta

import (
	"bytes"
	"encoding/binary"
	"image/jpeg"
)

// JPEGQuality is the quality a turned JPEG is re-encoded at.
const JPEGQuality = 90

// cleanJPEG keeps the segments the picture needs — JFIF (APP0), the ICC
// colour profile (APP2 "ICC_PROFILE"), Adobe's colour transform (APP14)
// and every table and frame segment — and drops the rest of the
// application segments (EXIF and XMP in APP1, IPTC in APP13 …) and
// comments. The scans are copied unchanged: no quality is lost unless
// the EXIF orientation asks for a turn, which needs a re-encode.
func cleanJPEG(data []byte) ([]byte, error) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, malformed("no JPEG start marker")
	}
	out := bytes.NewBuffer(make([]byte, 0, len(data)))
	out.Write(data[:2])
	orient := 1
	i := 2
	for {
		if i+4 > len(data) || data[i] != 0xFF {
			return nil, malformed("JPEG segment at byte %d", i)
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD9 { // end of image before any scan
			return nil, malformed("JPEG without a scan")
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil, malformed("JPEG segment %#x of %d bytes at byte %d", marker, n, i)
		}
		seg, payload := data[i:i+2+n], data[i+4:i+2+n]
		i += 2 + n
		switch {
		case marker == 0xE1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")):
			if o := orientation(payload[6:]); o != 1 {
				orient = o
			}
			continue
		case marker == 0xE0 && bytes.HasPrefix(payload, []byte("JFIF\x00")),
			marker == 0xE2 && bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00")),
			marker == 0xEE && bytes.HasPrefix(payload, []byte("Adobe")):
			out.Write(seg)
		case marker >= 0xE0 && marker <= 0xEF, marker == 0xFE: // other APPn, COM
			continue
		default:
			out.Write(seg)
		}
		if marker == 0xDA { // start of scan: the rest is image data
			out.Write(data[i:])
			break
		}
	}
	if orient == 1 {
		return out.Bytes(), nil
	}
	return turnJPEG(out.Bytes(), orient)
}

func turnJPEG(data []byte, orient int) ([]byte, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, malformed("JPEG header: %v", err)
	}
	if err := checkSize(cfg); err != nil {
		return nil, err
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, malformed("JPEG: %v", err)
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, applyOrientation(img, orient), &jpeg.Options{Quality: JPEGQuality}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
