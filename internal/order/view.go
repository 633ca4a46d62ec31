package order

import (
	"fmt"

	"civicgrid/internal/pii"
)

// view returns o as a may see it: the reporter masked, or hidden from a
// handler of a confidential order. Sealed values never leave the package.
func (s *Service) view(a Actor, o Order) (Order, error) {
	o.Reporter = Reporter{Hidden: true}
	if !o.Confidential || a.privileged() {
		name, phone, err := s.openReporter(&o)
		if err != nil {
			return Order{}, err
		}
		email, err := s.keys.Open(o.sealedEmail)
		if err != nil {
			return Order{}, fmt.Errorf("order %s: reporter e-mail: %w", o.Number, err)
		}
		o.Reporter = Reporter{Name: pii.MaskName(name), Phone: pii.MaskPhone(phone), Email: pii.MaskEmail(email)}
	}
	if o.Attributes == nil {
		o.Attributes = map[string]string{}
	}
	if o.CoHandlers == nil {
		o.CoHandlers = []string{}
	}
	return o, nil
}

func (s *Service) openReporter(o *Order) (name, phone string, err error) {
	if name, err = s.keys.Open(o.sealedName); err != nil {
		return "", "", fmt.Errorf("order %s: reporter name: %w", o.Number, err)
	}
	if phone, err = s.keys.Open(o.sealedPhone); err != nil {
		return "", "", fmt.Errorf("order %s: reporter phone: %w", o.Number, err)
	}
	return name, phone, nil
}
