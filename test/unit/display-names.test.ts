// Display names against what a reader sees: two names that render alike must not hold two
// workspace name guards (#6). The reader's view is defined here, independently of the code under
// test: characters that render as nothing dropped, then NFKC and lower case, until nothing changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeWorkspaceName } from '../../features/workspaces/workspace-entity.js';
import { displayName } from '../../shared/http/schemas.js';

const RENDERS_AS_NOTHING = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u115F\u1160\u3164\uFFA0]/gu;

function rendersAs(name: string): string {
  let current = name;
  for (;;) {
    const next = current.replace(RENDERS_AS_NOTHING, '').normalize('NFKC').toLowerCase();
    if (next === current) return current;
    current = next;
  }
}

/** The name as the API would store it, or undefined when the API refuses it. */
function accepted(raw: string): string | undefined {
  const parsed = displayName.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

const hex = (name: string) => [...name].map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

function* everyCodePoint(): Generator<string> {
  // Lone surrogates included: JSON carries them.
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) yield String.fromCodePoint(codePoint);
}

const INVISIBLE_EXAMPLES = [
  '\u034F',
  '\uFE0F',
  '\u3164',
  '\u115F',
  '\u1160',
  '\uFFA0',
  '\u200B',
  '\u2060',
  '\u{E0041}',
  '\u{E0100}',
  '\u00AD',
];

/** A name that renders like `name`: invisible characters slipped in, case flipped, another Unicode form. */
const lookAlike = (name: string) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(name.length), fc.constantFrom(...INVISIBLE_EXAMPLES)), { maxLength: 3 }),
      fc.constantFrom('none', 'upper', 'lower', 'NFD', 'NFKD', 'NFKC'),
    )
    .map(([insertions, form]) => {
      let text = name;
      for (const [at, char] of insertions) text = text.slice(0, at) + char + text.slice(at);
      if (form === 'upper') return text.toUpperCase();
      if (form === 'lower') return text.toLowerCase();
      return form === 'none' ? text : text.normalize(form);
    });

describe('display names that render alike', () => {
  it('refuses each of the invisible characters that made a second "Prod" (#6), and says which to remove', () => {
    for (const invisible of ['\u034F', '\uFE0F', '\u3164', '\u115F', '\u1160', '\uFFA0']) {
      const parsed = displayName.safeParse(`Prod${invisible}`);
      expect(parsed.success, hex(invisible)).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain(hex(invisible));
    }
  });

  it('get one name guard: for every code point, "Prod" with it accepted is guarded as it renders', () => {
    const disagreeing: string[] = [];
    for (const char of everyCodePoint()) {
      const name = accepted(`Pr${char}od`);
      if (name !== undefined && normalizeWorkspaceName(name) !== rendersAs(name)) disagreeing.push(hex(char));
    }
    expect(disagreeing.slice(0, 20)).toEqual([]);
  });

  it('get one name guard: no two accepted names over the whole Unicode range render alike and guard apart', () => {
    const names = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(
        names.chain((name) => fc.tuple(fc.constant(name), lookAlike(name))),
        ([first, second]) => {
          const a = accepted(first);
          const b = accepted(second);
          if (a === undefined || b === undefined || rendersAs(a) !== rendersAs(b)) return;
          expect(normalizeWorkspaceName(b), `${hex(a)} / ${hex(b)}`).toBe(normalizeWorkspaceName(a));
        },
      ),
      { numRuns: 5_000 },
    );
    fc.assert(
      fc.property(names, (raw) => {
        const name = accepted(raw);
        if (name !== undefined) expect(normalizeWorkspaceName(name), hex(name)).toBe(rendersAs(name));
      }),
      { numRuns: 5_000 },
    );
  });
});
