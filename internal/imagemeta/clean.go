package imagemeta

import (
	"errors"
	"fmt"

	"civicgrid/internal/errs"
)

// ErrMalformed is an image whose structure does not parse: it cannot be
// vouched for, so it is not stored.
var ErrMalformed = errs.New(errs.Invalid, "imagemeta: not a well-formed image")

// MaxPixels bounds an image decoded to be rotated (a decompression bomb
// would otherwise take the memory): 50 megapixels.
const MaxPixels = 50_000_000

// Clean returns data without metadata, for the content type the caller
// sniffed (image/jpeg, image/png or image/webp). The result may be data
// itself when there was nothing to remove.
func Clean(contentType string, data []byte) ([]byte, error) {
	var out []byte
	var err error
	switch contentType {
	case "image/jpeg":
		out, err = cleanJPEG(data)
	case "image/png":
		out, err = cleanPNG(data)
	case "image/webp":
		out, err = cleanWebP(data)
	default:
		return nil, fmt.Errorf("imagemeta: %q is not an image type this package knows", contentType)
	}
	if err != nil && !errors.Is(err, ErrMalformed) {
		err = fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return out, err
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}
