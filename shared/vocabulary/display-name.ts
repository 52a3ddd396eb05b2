// What a display name (of an org, a workspace, a person) may hold, and the form in which names are
// compared. The API's schema refuses what is checked here, a token's name has it removed (#7), and
// the workspace name guard compares the form checked here, so a name cannot look like another yet
// hold a guard of its own (#6). No zod: the authorizer bundles this.

/** As the API's schema counts it: UTF-16 code units, JavaScript's `length`. */
export const DISPLAY_NAME_MAX_LENGTH = 100;

// Characters a reader does not see as such, or that rearrange what is around them:
// \p{Cc} controls (NUL, CR, LF, ESC); \p{Cf} format characters (bidi overrides such as U+202E,
// zero-width joiners); \p{Cs}, because a lone surrogate is not text: it survives JSON.parse but not
// the trip through UTF-8 to the table (DynamoDB Local saw "x\uD800" and "x\uDC00" as the same
// name); U+2028 and U+2029, line breaks; and Default_Ignorable_Code_Point, which renderers may draw
// as nothing: "Prod" with U+034F or the variation selector U+FE0F made a second workspace that
// shows as "Prod". The Hangul fillers, which fonts draw as blank, are default-ignorable in current
// Unicode; they are named as well so that an older ICU in some Node release cannot let them through.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\u2028\u2029\u115F\u1160\u3164\uFFA0]/u;
// Separate words, so a cleaned name keeps a space where they were ("Alice\r\nSmith").
const SEPARATING = /[\p{Cc}\u2028\u2029]/gu;

/**
 * The form names are compared in: compatibility forms folded (full-width letters, ligatures), case
 * ignored. Normalized again after lower-casing: a capital with no precomposed form ("J" + U+030C)
 * lower-cases to letters that do compose (U+01F0), and must meet the name spelt that way.
 */
export function comparableName(name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC');
}

// What the comparison sees counts too: no character whose comparable form holds an invisible one.
const isInvisible = (char: string) => INVISIBLE.test(char) || INVISIBLE.test(comparableName(char));

const label = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The invisible and control characters in `name`, each once, as `U+034F`; empty when there are none. */
export function invisibleCharactersIn(name: string): string[] {
  // Almost every name has none: two regex tests, not a normalization per character of a 60 KB body.
  if (!INVISIBLE.test(name) && !INVISIBLE.test(comparableName(name))) return [];
  const found = new Set<string>();
  for (const char of name) if (isInvisible(char)) found.add(label(char));
  return [...found];
}

/** The longest start of `text` within `maxLength`, ending on a code point: never half a surrogate pair. */
export function cutToLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const splitsPair = /[\uD800-\uDBFF]/.test(text.charAt(maxLength - 1)) && /[\uDC00-\uDFFF]/.test(text.charAt(maxLength));
  return text.slice(0, splitsPair ? maxLength - 1 : maxLength);
}

/**
 * A name from elsewhere (a token's `name` claim), made one the API itself would accept: controls
 * and line breaks become spaces, other invisible characters go, whitespace runs collapse, the ends
 * are trimmed, and it is cut to the API's length. Null when nothing is left.
 */
export function cleanDisplayName(raw: string, maxLength = DISPLAY_NAME_MAX_LENGTH): string | null {
  let text = raw.replace(SEPARATING, ' ');
  if (invisibleCharactersIn(text).length > 0) text = [...text].filter((char) => !isInvisible(char)).join('');
  const cleaned = cutToLength(text.replace(/\s+/gu, ' ').trim(), maxLength).trimEnd();
  return cleaned === '' ? null : cleaned;
}
