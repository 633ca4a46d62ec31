package imagemeta_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"civicgrid/internal/imagemeta"
	"civicgrid/internal/imagemeta/imagemetatest"
)

func TestJPEGLosesGPSAndDeviceAndKeepsItsPixels(t *testing.T) {
	in := imagemetatest.PhoneJPEG(imagemetatest.Halves(16, 8), 1)
	if !bytes.Contains(in, []byte("HUAWEI")) {
		t.Fatal("fixture has no make")
	}
	out, err := imagemeta.Clean("image/jpeg", in)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range imagemetatest.Markers {
		if bytes.Contains(out, []byte(m)) {
			t.Errorf("cleaned JPEG still holds %q", m)
		}
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("cleaned JPEG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 16 || b.Dy() != 8 {
		t.Fatalf("upright photo changed size: %v", b)
	}
	// Orientation 1: the scan is copied, not re-encoded.
	if !bytes.HasSuffix(in, out[len(out)-200:]) {
		t.Error("an upright photo was re-encoded")
	}
}

func TestJPEGOrientation6IsTurnedClockwise(t *testing.T) {
	out, err := imagemeta.Clean("image/jpeg", imagemetatest.PhoneJPEG(imagemetatest.Halves(16, 8), 6))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("HUAWEI")) {
		t.Fatal("turned JPEG keeps its EXIF")
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 8 || b.Dy() != 16 {
		t.Fatalf("orientation 6: %dx%d, want 8x16", b.Dx(), b.Dy())
	}
	// Turned clockwise, the left (red) half is on top, the blue below.
	if r, _, bl, _ := img.At(4, 2).RGBA(); r < bl {
		t.Errorf("top is not red after the turn: r=%d b=%d", r>>8, bl>>8)
	}
	if r, _, bl, _ := img.At(4, 13).RGBA(); bl < r {
		t.Errorf("bottom is not blue after the turn: r=%d b=%d", r>>8, bl>>8)
	}
}

func TestJPEGOrientation8IsTurnedAnticlockwise(t *testing.T) {
	out, err := imagemeta.Clean("image/jpeg", imagemetatest.PhoneJPEG(imagemetatest.Halves(16, 8), 8))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := jpeg.Decode(bytes.NewReader(out))
	if r, _, bl, _ := img.At(4, 2).RGBA(); bl < r || img.Bounds().Dx() != 8 {
		t.Errorf("orientation 8: top should be blue, %v", img.Bounds())
	}
}

func pngChunk(typ string, body []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	b = append(b, typ...)
	b = append(b, body...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), body...)))
}

// withChunks puts extra chunks right after IHDR.
func withChunks(t *testing.T, img image.Image, chunks ...[]byte) []byte {
	t.Helper()
	var enc bytes.Buffer
	if err := png.Encode(&enc, img); err != nil {
		t.Fatal(err)
	}
	b := enc.Bytes()
	ihdrEnd := 8 + 12 + 13
	out := append([]byte{}, b[:ihdrEnd]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, b[ihdrEnd:]...)
}

func TestPNGLosesTextAndEXIFChunks(t *testing.T) {
	in := withChunks(t, imagemetatest.Halves(16, 8),
		pngChunk("tEXt", []byte("Author\x00Li Si")),
		pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta>GPSLatitude</x:xmpmeta>")),
		pngChunk("eXIf", imagemetatest.EXIF(1)))
	out, err := imagemeta.Clean("image/png", in)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"tEXt", "iTXt", "eXIf", "Li Si", "HUAWEI", "GPSLatitude"} {
		if bytes.Contains(out, []byte(m)) {
			t.Errorf("cleaned PNG still holds %q", m)
		}
	}
	if _, err := png.Decode(bytes.NewReader(out)); err != nil {
		t.Fatalf("cleaned PNG does not decode: %v", err)
	}
	turned, err := imagemeta.Clean("image/png", withChunks(t, imagemetatest.Halves(16, 8), pngChunk("eXIf", imagemetatest.EXIF(6))))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(turned))
	if err != nil || img.Bounds().Dx() != 8 || img.Bounds().Dy() != 16 {
		t.Fatalf("PNG with eXIf orientation 6: %v %v, want 8x16", img.Bounds(), err)
	}
}

func TestWebPLosesEXIFAndXMP(t *testing.T) {
	chunk := func(fourcc string, body []byte) []byte {
		b := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
		b = append(b, body...)
		if len(body)%2 == 1 {
			b = append(b, 0)
		}
		return b
	}
	vp8x := make([]byte, 10)
	vp8x[0] = 0x08 | 0x04
	body := append([]byte("WEBP"), chunk("VP8X", vp8x)...)
	body = append(body, chunk("VP8 ", bytes.Repeat([]byte{9}, 31))...)
	body = append(body, chunk("EXIF", imagemetatest.EXIF(1))...)
	body = append(body, chunk("XMP ", []byte("<x:xmpmeta>GPSLatitude</x:xmpmeta>"))...)
	in := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	in = append(in, body...)
	out, err := imagemeta.Clean("image/webp", in)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"EXIF", "XMP ", "HUAWEI", "GPSLatitude"} {
		if bytes.Contains(out, []byte(m)) {
			t.Errorf("cleaned WebP still holds %q", m)
		}
	}
	if got := binary.LittleEndian.Uint32(out[4:]); int(got) != len(out)-8 {
		t.Errorf("RIFF size %d for %d bytes", got, len(out))
	}
	if out[20]&0x0C != 0 {
		t.Errorf("VP8X still flags EXIF/XMP: %#x", out[20])
	}
}

func TestMalformedImagesAreRefused(t *testing.T) {
	good := imagemetatest.PhoneJPEG(imagemetatest.Halves(4, 4), 1)
	for name, c := range map[string]struct{ ctype, data string }{
		"JPEG cut inside a segment": {"image/jpeg", string(good[:30])},
		"JPEG of noise":             {"image/jpeg", "\xff\xd8\xff\xe0" + string(bytes.Repeat([]byte{2}, 100))},
		"PNG of noise":              {"image/png", "\x89PNG\r\n\x1a\n" + string(bytes.Repeat([]byte{1}, 100))},
		"WebP with a lying size":    {"image/webp", "RIFF\xff\x00\x00\x00WEBPVP8 "},
		"GIF":                       {"image/gif", "GIF89a"},
	} {
		if _, err := imagemeta.Clean(c.ctype, []byte(c.data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	huge := withChunks(t, image.NewGray(image.Rect(0, 0, 1, 1)))
	binary.BigEndian.PutUint32(huge[16:], 100_000) // IHDR width and height, CRC left wrong
	if _, err := imagemeta.Clean("image/png", huge); err == nil {
		t.Error("a PNG with a broken IHDR CRC was accepted")
	}
}

// A 12-megapixel phone photo: stripped only (orientation 1) and turned
// (orientation 6, decoded and re-encoded).
func BenchmarkClean12MP(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	for _, o := range []uint16{1, 6} {
		data := imagemetatest.PhoneJPEG(img, o)
		b.Run(map[uint16]string{1: "upright", 6: "turned"}[o], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := imagemeta.Clean("image/jpeg", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
