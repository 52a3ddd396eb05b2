// The OpenAPI document under two linters, as a client's tooling would read it: Spectral with its
// OpenAPI rules and the OWASP API security ruleset (.spectral.yaml), and Redocly's recommended
// rules (redocly.yaml). Each rule that does not apply is turned off in those files with its reason;
// everything else must pass, warnings and hints included. Neither linter may reach the network.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig, parseYaml } from '@redocly/openapi-core';
import { Document, type ISpectralDiagnostic, type Ruleset, Spectral } from '@stoplight/spectral-core';
import parsers from '@stoplight/spectral-parsers';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '../../features/routes.js';
import { openApiDocument } from '../../shared/http/openapi.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Loaded without its type declarations, which would bring the DOM library into the whole program.
// It is how the Spectral CLI reads a ruleset file (extends resolved from node_modules).
const require = createRequire(import.meta.url);
type Plugin = unknown;
const { bundleAndLoadRuleset } = require('@stoplight/spectral-ruleset-bundler/with-loader') as {
  bundleAndLoadRuleset: (file: string, io: { fs: typeof fs; fetch: typeof fetch }, plugins: Plugin[]) => Promise<Ruleset>;
};
const { builtins } = require('@stoplight/spectral-ruleset-bundler/plugins/builtins') as { builtins: () => Plugin };
const { commonjs } = require('@stoplight/spectral-ruleset-bundler/plugins/commonjs') as { commonjs: () => Plugin };
// Where `npm run -s openapi > openapi.json` would put it: the ruleset's overrides name paths in it.
const DOCUMENT_PATH = join(REPO_ROOT, 'openapi.json');

const offline = (async (url: string) => {
  throw new Error(`The linters must not fetch anything, but asked for ${url}`);
}) as unknown as typeof fetch;

let spectral: Spectral;

const spectralFindings = async (document: unknown) => {
  const results = await spectral.run(new Document(JSON.stringify(document, null, 2), parsers.Json, DOCUMENT_PATH));
  return results.map((result: ISpectralDiagnostic) => `${result.code} at ${result.path.join('.')}: ${result.message}`);
};

beforeAll(async () => {
  spectral = new Spectral();
  spectral.setRuleset(await bundleAndLoadRuleset(join(REPO_ROOT, '.spectral.yaml'), { fs, fetch: offline }, [builtins(), commonjs()]));
});

describe('the OpenAPI document, linted', () => {
  it('passes Spectral: spectral:oas and the OWASP API security ruleset', async () => {
    expect(await spectralFindings(openApiDocument(routeList))).toEqual([]);
  });

  it("passes Redocly's recommended rules", async () => {
    const config = await loadConfig({ configPath: join(REPO_ROOT, 'redocly.yaml') });
    const problems = await lintFromString({
      source: JSON.stringify(openApiDocument(routeList), null, 2),
      absoluteRef: DOCUMENT_PATH,
      config,
    });
    expect(problems.map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`)).toEqual([]);
  });

  it('still finds what the adjusted rules are for (they would otherwise pass by failing to look)', async () => {
    const document = structuredClone(openApiDocument(routeList)) as {
      paths: Record<string, Record<string, { parameters: Array<{ name: string; schema: Record<string, unknown> }>; security: unknown[] }>>;
    };
    const createWorkspace = document.paths['/api/v1/orgs/{orgId}/workspaces']!.post!;
    delete createWorkspace.parameters.find((parameter) => parameter.name === 'Idempotency-Key')!.schema.maxLength;
    createWorkspace.security = [];
    // A public route's path is exempt from the security rules; another route's is not.
    const findings = await spectralFindings(document);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^request-string-limit at paths\.\/api\/v1\/orgs\/\{orgId\}\/workspaces\.post\.parameters/),
        expect.stringMatching(/^owasp:api2:2023-write-restricted at paths\.\/api\/v1\/orgs\/\{orgId\}\/workspaces\.post/),
      ]),
    );
  });

  it('exempts from the security rules exactly the routes the route table makes public', () => {
    const ruleset = parseYaml(fs.readFileSync(join(REPO_ROOT, '.spectral.yaml'), 'utf8')) as {
      overrides: Array<{ files: string[]; rules: Record<string, string> }>;
    };
    const exempt = ruleset.overrides.find((override) => 'owasp:api2:2023-read-restricted' in override.rules)!;
    const paths = exempt.files.map((file) => decodeURIComponent(file.replace('**#/paths/', '').replace(/~1/g, '/').replace(/~0/g, '~')));
    expect(paths.sort()).toEqual([...new Set(routeList.filter((route) => route.auth === 'public').map((route) => route.path))].sort());
  });
});
