package imagemeta

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image/png"
)

const pngMagic = "\x89PNG\r\n\x1a\n"

// dropPNG are the chunks that carry text or metadata: free text (author,
// software, GPS written by some apps), EXIF and the modification time.
var dropPNG = map[string]bool{"tEXt": true, "zTXt": true, "iTXt": true, "eXIf": true, "tIME": true}

// cleanPNG copies every chunk but dropPNG's, checking each chunk's CRC.
// An eXIf orientation other than 1 turns the pixels (decoded and
// re-encoded losslessly).
func cleanPNG(data []byte) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte(pngMagic)) {
		return nil, malformed("no PNG signature")
	}
	out := bytes.NewBuffer(make([]byte, 0, len(data)))
	out.WriteString(pngMagic)
	orient := 1
	for i := len(pngMagic); ; {
		if i+12 > len(data) {
			return nil, malformed("PNG ends inside a chunk at byte %d", i)
		}
		n := int(binary.BigEndian.Uint32(data[i:]))
		if n < 0 || n > len(data)-i-12 {
			return nil, malformed("PNG chunk of %d bytes at byte %d", n, i)
		}
		typ, body := string(data[i+4:i+8]), data[i+8:i+8+n]
		chunk := data[i : i+12+n]
		if crc32.ChecksumIEEE(data[i+4:i+8+n]) != binary.BigEndian.Uint32(data[i+8+n:]) {
			return nil, malformed("PNG chunk %q has a wrong CRC", typ)
		}
		i += 12 + n
		if typ == "eXIf" {
			orient = orientation(body)
		}
		if !dropPNG[typ] {
			out.Write(chunk)
		}
		if typ == "IEND" {
			break
		}
	}
	if orient == 1 {
		return out.Bytes(), nil
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(out.Bytes()))
	if err != nil {
		return nil, malformed("PNG header: %v", err)
	}
	if err := checkSize(cfg); err != nil {
		return nil, err
	}
	img, err := png.Decode(bytes.NewReader(out.Bytes()))
	if err != nil {
		return nil, malformed("PNG: %v", err)
	}
	var turned bytes.Buffer
	if err := png.Encode(&turned, applyOrientation(img, orient)); err != nil {
		return nil, err
	}
	return turned.Bytes(), nil
}
