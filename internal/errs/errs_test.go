package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"civicgrid/internal/errs"
)

var errGone = errs.New(errs.NotFound, "thing: not found")

type fieldError struct{ field string }

func (e *fieldError) Error() string        { return e.field + " is wrong" }
func (e *fieldError) ErrorKind() errs.Kind { return errs.Invalid }
func (e *fieldError) Is(target error) bool { return target == errBad }

var errBad = errs.New(errs.Invalid, "thing: invalid")

func TestKindOfWrappedSentinel(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("thing %q: %w", "x", errGone)
	if got := errs.KindOf(err); got != errs.NotFound {
		t.Fatalf("KindOf = %v, want not_found", got)
	}
	if !errors.Is(err, errGone) {
		t.Fatal("errors.Is lost the sentinel")
	}
	if !errs.Is(err, errs.NotFound) || errs.Is(err, errs.Invalid) {
		t.Fatal("errs.Is disagrees with KindOf")
	}
}

func TestKindOfTypedError(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("saving: %w", &fieldError{field: "name"})
	if got := errs.KindOf(err); got != errs.Invalid {
		t.Fatalf("KindOf = %v, want invalid", got)
	}
	if !errors.Is(err, errBad) {
		t.Fatal("typed error should still match its package sentinel")
	}
}

func TestUnkindedIsInternal(t *testing.T) {
	t.Parallel()
	for _, err := range []error{nil, errors.New("disk full"), fmt.Errorf("x: %w", errors.New("y"))} {
		if got := errs.KindOf(err); got != errs.Internal {
			t.Errorf("KindOf(%v) = %v, want internal", err, got)
		}
	}
	if errs.Is(nil, errs.Internal) {
		t.Error("a nil error is of no kind")
	}
}

func TestKindNamesAreStable(t *testing.T) {
	t.Parallel()
	want := map[errs.Kind]string{errs.Invalid: "invalid", errs.NotFound: "not_found", errs.Stale: "stale_version",
		errs.TooMany: "too_many_requests", errs.Kind(200): "internal"}
	for k, name := range want {
		if k.String() != name {
			t.Errorf("Kind(%d).String() = %q, want %q", k, k.String(), name)
		}
	}
}

func TestDetailDropsTheSentinel(t *testing.T) {
	bad := errs.New(errs.Invalid, "thing: invalid input")
	err := fmt.Errorf("%w: name: required — 请填写姓名", bad)
	if got := errs.Detail(err); got != "name: required — 请填写姓名" {
		t.Errorf("Detail = %q", got)
	}
	if got := errs.Detail(errors.New("plain")); got != "plain" {
		t.Errorf("Detail of a plain error = %q", got)
	}
}
