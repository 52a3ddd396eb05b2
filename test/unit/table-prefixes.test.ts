// The prefix registry: every key prefix registered once, none a prefix of another (a begins_with
// range over one would read the other's items), and the partition map in the registry's header
// naming each of them, so the map a newcomer reads is the table as it is.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PREFIXES } from '../../shared/table/table-definition.js';

// OUTBOX#DUE, NOTICE#DUE, CLEANUP#DUE and DELIVERY#DUE are index partitions (gsi1pk), OUTBOX#,
// NOTICE#, CLEANUP# and DELIVERY# sort keys in the org partition: they never meet in one range.
const DIFFERENT_ATTRIBUTES = new Set(['OUTBOX# OUTBOX#DUE', 'NOTICE# NOTICE#DUE', 'CLEANUP# CLEANUP#DUE', 'DELIVERY# DELIVERY#DUE']);

describe('the table prefix registry', () => {
  it('registers each prefix once, and none is the start of another in the same key attribute', () => {
    const values = Object.values(PREFIXES);
    expect(new Set(values).size).toBe(values.length);
    const overlapping = values.flatMap((a) =>
      values.filter((b) => a !== b && b.startsWith(a) && !DIFFERENT_ATTRIBUTES.has(`${a} ${b}`)).map((b) => `${a} ${b}`),
    );
    expect(overlapping).toEqual([]);
  });

  it('keeps the partition map in its header in step with the registry', async () => {
    const source = await readFile(new URL('../../shared/table/table-definition.ts', import.meta.url), 'utf8');
    const header = source.slice(0, source.indexOf('export const'));
    const missing = Object.values(PREFIXES).filter((prefix) => !header.includes(prefix));
    expect(missing).toEqual([]);
  });

  it('is what every feature builds its keys from: no key prefix is spelled outside the registry', async () => {
    const quoted = new RegExp(
      `['\`](${Object.values(PREFIXES)
        .map((prefix) => prefix.replace('#', '\\#'))
        .join('|')})`,
    );
    const offenders: string[] = [];
    for (const folder of ['features', 'shared']) {
      for (const file of await readdir(new URL(`../../${folder}/`, import.meta.url), { recursive: true })) {
        if (!file.endsWith('.ts') || file.endsWith('table-definition.ts')) continue;
        const text = await readFile(new URL(`../../${folder}/${file}`, import.meta.url), 'utf8');
        text.split('\n').forEach((line, index) => {
          if (quoted.test(line)) offenders.push(`${folder}/${file}:${index + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});
