package project

// Save stores data under its content hash and returns the hash; other
// domains (征询 ballots) keep their photos beside the progress photos.
func (u Uploads) Save(data []byte) (string, error) { return u.save(data) }

// Sniff names the image type of b (image/jpeg, image/png, image/webp) or
// returns "" for anything else.
func Sniff(b []byte) string { return sniff(b) }
