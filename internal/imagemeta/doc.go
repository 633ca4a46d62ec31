// Package imagemeta removes what a photo says besides its pixels — EXIF
// (GPS position, device, time), XMP, IPTC, comments and text chunks —
// before the photo is stored, so a resident's upload does not publish
// where they live. A JPEG whose EXIF orientation turns it is rotated first
// (pixels, re-encoded), since the tag that says so goes with the rest.
package imagemeta
