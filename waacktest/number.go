package waacktest

import (
	"errors"
	"fmt"

	"github.com/waack/waack"
)

// defaultBusinessPhone is the phone of every provider's default number
// (Meta's documentation example).
const defaultBusinessPhone = "15550783881"

// number is one of the business's numbers on one provider.
type number struct {
	id    string // Cloud API phone number id, 1MSG channel, Wawp instance
	phone string // the business's phone, digits only
}

// addDefaultNumbers gives every provider its default number.
func (s *Server) addDefaultNumbers() {
	s.numbers = map[string][]*number{}
	for name, d := range s.dialects {
		s.numbers[name] = []*number{{id: d.numberID(0), phone: defaultBusinessPhone}}
	}
}

// AddNumber gives provider p (any configuration of it) another business
// number with the given phone ("" for one the sandbox picks) and returns a
// configuration with valid credentials for it: a new PhoneNumberID for the
// Cloud API, ChannelID for 1MSG, InstanceID for Wawp. Its id is in every
// webhook of its chats (Cloud API metadata.phone_number_id and
// display_phone_number, 1MSG instanceId, Wawp session and me), its calls
// are the API calls that name it, and Inbound, React and Chat take the
// configuration to act on it. A provider's numbers share its webhook URLs
// (SetWebhook), as the numbers of one WhatsApp Business Account share an
// app's callback.
func (s *Server) AddNumber(p waack.Provider, phone string) (waack.Provider, error) {
	d, err := s.provider(p)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.numbers[d.name()]
	if phone == "" {
		phone = fmt.Sprintf("155507%05d", 83881+len(list))
	}
	digits, ok := phoneDigits(phone)
	if !ok {
		return nil, fmt.Errorf("waacktest: business phone %q is not 8 to 15 digits", phone)
	}
	for _, n := range list {
		if n.phone == digits {
			return nil, fmt.Errorf("waacktest: %s already has the number %s", d.name(), digits)
		}
	}
	n := &number{id: d.numberID(len(list)), phone: digits}
	s.numbers[d.name()] = append(list, n)
	return d.config(s, n), nil
}

// numberLocked finds a provider's number by id; "" is the default one.
// s.mu is held.
func (s *Server) numberLocked(provider, id string) *number {
	list := s.numbers[provider]
	if id == "" {
		return list[0]
	}
	for _, n := range list {
		if n.id == id {
			return n
		}
	}
	return nil
}

// number is numberLocked for callers without s.mu (the dialects' parse).
func (s *Server) number(provider, id string) *number {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.numberLocked(provider, id)
}

// calledNumber is the number an API call names; nil when it names none
// or one the sandbox does not have.
func (s *Server) calledNumber(provider, id string) *number {
	if id == "" {
		return nil
	}
	return s.number(provider, id)
}

// firstNumber is a provider's default number.
func (s *Server) firstNumber(provider string) *number { return s.number(provider, "") }

// provider resolves a waack provider value to its dialect.
func (s *Server) provider(p waack.Provider) (dialect, error) {
	if p == nil {
		return nil, errors.New("waacktest: nil provider")
	}
	d, ok := s.dialects[p.Name()]
	if !ok {
		return nil, fmt.Errorf("waacktest: unknown provider %q", p.Name())
	}
	return d, nil
}

// resolveLocked resolves a provider value to its dialect and the number
// it names. s.mu is held.
func (s *Server) resolveLocked(p waack.Provider) (dialect, *number, error) {
	d, err := s.provider(p)
	if err != nil {
		return nil, nil, err
	}
	n := s.numberLocked(d.name(), d.numberOf(p))
	if n == nil {
		return nil, nil, fmt.Errorf("waacktest: %s has no number %q", d.name(), d.numberOf(p))
	}
	return d, n, nil
}
