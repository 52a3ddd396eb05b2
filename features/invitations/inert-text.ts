// Text that other users chose (an org's, an inviter's or a workspace's name, an address), made
// inert for an email: it must neither become a link nor pass for the email's own words. Mail
// clients turn anything that looks like a URL, a domain, an address or `www.` into a link, in the
// text part as in HTML, so a name like "Acme - claim your refund at refunds.example.com" was a
// phishing email sent under the deployer's name (issue 11).
//
// Decided: break every dot of a run of labels (`evil.example`, `www.evil`, `a@b.example`) as `[.]`,
// the usual defanging notation, which no linkifier reads as a domain and a person still reads;
// leave a plain decimal (`Team 2.0`) alone, since no host name is one; put a space after the colon
// of a scheme (`https: //`, `mailto: `); and quote names and cut them short, so that they read as
// a name and not as a sentence of ours. No zero-width characters: clients strip or ignore them, and
// they hide what the text says.

/** Longer names are cut here (with `…`): a name, not a paragraph. */
export const NAME_LENGTH_IN_EMAIL = 60;

/** One line, no control or invisible formatting characters, bounded: safe in a header. */
export function headerSafe(value: string, maxLength = 100): string {
  return [
    ...value
      .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  ]
    .slice(0, maxLength)
    .join('');
}

// The characters the URL parser reads as a dot between labels (IDNA maps the ideographic and
// fullwidth ones to `.`; test/unit/invitation-email.test.ts checks this list against `new URL`).
export const LABEL_DOTS = '.\u3002\uff0e\uff61';
// Labels joined by such dots: what a linkifier would take for a host name, or an address's domain.
const DOTTED_RUN = new RegExp(`[\\p{L}\\p{M}\\p{N}_-]+(?:[${LABEL_DOTS}][\\p{L}\\p{M}\\p{N}_-]+)+`, 'gu');
const LABEL_DOT = new RegExp(`[${LABEL_DOTS}]`, 'gu');
const DECIMAL = /^\d+\.\d+$/;
// `https:`, `mailto:`, `tel:` and the like, right before what they would open.
const SCHEME_COLON = /(?<![\p{L}\p{N}+.-])(\p{L}[\p{L}\p{N}+.-]*):(?=\S)/gu;

/** No link left in it: domains, URLs, addresses, `www.` and schemes are broken up; the text otherwise reads as it did. */
export function defanged(value: string): string {
  return (
    headerSafe(value, Number.POSITIVE_INFINITY)
      .replace(DOTTED_RUN, (run) => (DECIMAL.test(run) ? run : run.replace(LABEL_DOT, '[.]')))
      .replace(/:\/\//g, ': //')
      // After the dots: `2.evil:` is no scheme, but `2[.]evil:` ends in one.
      .replace(SCHEME_COLON, '$1: ')
  );
}

/** A name as an email shows it: defanged, cut to NAME_LENGTH_IN_EMAIL, in quotes of which it holds none. */
export function quotedName(value: string): string {
  const line = headerSafe(value, Number.POSITIVE_INFINITY).replace(/["\u201c\u201d\u201e\u00ab\u00bb]/g, "'");
  const characters = [...line];
  const cut =
    characters.length > NAME_LENGTH_IN_EMAIL
      ? `${characters
          .slice(0, NAME_LENGTH_IN_EMAIL - 1)
          .join('')
          .trimEnd()}…`
      : line;
  // Quoted first, so that a scheme at the end of a name is not one just before the closing quote.
  return defanged(`\u201c${cut}\u201d`);
}

/** Text as HTML shows it: markup characters escaped. */
export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
