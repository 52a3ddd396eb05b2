// The domain of a signed-in person's address, in the form the domain owner item is keyed by. The
// domains feature's `emailDomain` gives the same answer, but its module loads the Public Suffix List
// and the consumer-provider list at import, which the authorizer (the one function every uncached
// request waits for) must not carry; the address parts and IDNA form are all this needs.
import { asciiDomain, emailParts } from '../../shared/vocabulary/email-address.js';

/** `Ann@Bücher.DE.` → `xn--bcher-kva.de`; '' for an address with no usable domain. */
export function addressDomain(email: string): string {
  const domain = emailParts(email)?.domain.replace(/\.$/, '');
  return (domain && asciiDomain(domain)) || '';
}
