// Display names against what a reader sees: two names that render alike must not hold two
// workspace name guards (#6), and a token's name is one the API itself would take (#7). The reader's view is defined here, independently of the code under
// test: characters that render as nothing dropped, then NFKC and lower case, until nothing changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personalOrgName } from '../../features/users/user-service.js';
import { normalizeWorkspaceName } from '../../features/workspaces/workspace-entity.js';
import { displayName } from '../../shared/http/schemas.js';
import { cleanDisplayName } from '../../shared/vocabulary/display-name.js';

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
  }, 60_000);

  it('get one name guard when a capital has no precomposed form: "J" + U+030C is "ǰ" (U+01F0)', () => {
    expect(normalizeWorkspaceName('J\u030C')).toBe(normalizeWorkspaceName('\u01F0'));
    expect(normalizeWorkspaceName('ProJ\u030Cd')).toBe(normalizeWorkspaceName('pro\u01F0d'));
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
  }, 60_000);
});

describe('names from tokens', () => {
  // Long, and rich in what a name must not hold: astral characters to be cut through, controls, marks.
  const tokenNames = fc.string({
    unit: fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('😀', '\r\n', ' ', '\u202E', ...INVISIBLE_EXAMPLES),
    ),
    maxLength: 150,
  });

  it('are cleaned into names the API accepts as they are, and so is the personal org named after them', () => {
    fc.assert(
      fc.property(tokenNames, fc.emailAddress(), (raw, email) => {
        const name = cleanDisplayName(raw);
        if (name !== null) expect(accepted(name), hex(raw)).toBe(name);
        const orgName = personalOrgName({ name, email });
        expect(accepted(orgName), hex(orgName)).toBe(orgName);
        expect(orgName.endsWith("'s organization")).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('keep their words apart where a line break or control stood, and nothing invisible', () => {
    expect(cleanDisplayName('Alice\r\nSmith')).toBe('Alice Smith');
    expect(cleanDisplayName('  Bob\u0000\u202E \u200B Jones\uFE0F ')).toBe('Bob Jones');
    expect(cleanDisplayName('\u3164\u115F\u200D')).toBeNull();
    expect(cleanDisplayName(`${'x'.repeat(99)}😀`)).toBe('x'.repeat(99));
  });
});
