// The invitation page in a real browser: Bob opens the link from his email, signs in through the
// local issuer's authorization-code flow (PKCE), first with the wrong account, then with his own,
// and joins Alice's org. Also what the page says for links that no longer work, declining, and a
// deployment without sign-in; and the local sign-in's own protocol checks.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { invitePageHtml, jsonForScript } from '../../features/invitations/invite-page.js';
import { esbuildOptions } from '../../infra/bundling.js';
import { LOCAL_ISSUER_PATH } from '../../infra/local/oidc-issuer.js';
import { call, issuerUrl, mintToken, signUp, type TestUser, uniqueEmail } from '../support/api.js';
import { CHROMIUM_PATH, chromiumInstalled, InvitePage, launchChromium } from '../support/invite-page.js';
import { linksIn, waitForEmail } from '../support/mail.js';

const BROWSER_TEST_MS = 60_000;
// CI installs Chromium (.ci/run), so there a missing browser is a failure, not a skip.
const skipBrowser = !chromiumInstalled && !process.env.CI;
if (skipBrowser)
  console.warn(`\n[browser tests] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it (apt-get install chromium) or set CHROMIUM_PATH.\n`);

/** The page as the deployed function renders it: bundled and minified exactly as `cdk deploy` does, then called. */
async function bundledInvitePage(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'orgspace-invite-bundle-'));
  try {
    await build(esbuildOptions(join(process.cwd(), 'functions/get-invite-page.ts'), outdir));
    const signIn = { SIGN_IN_AUTHORIZE_URL: `${issuerUrl()}/oauth2/authorize`, SIGN_IN_TOKEN_URL: `${issuerUrl()}/oauth2/token` };
    Object.assign(process.env, signIn, { SIGN_IN_CLIENT_ID: 'orgspace-local' });
    const { handler } = await import(/* @vite-ignore */ pathToFileURL(join(outdir, 'index.mjs')).href);
    const answer = await handler(
      {
        version: '2.0',
        routeKey: 'GET /invite',
        rawPath: '/invite',
        rawQueryString: '',
        headers: {},
        requestContext: { requestId: 'bundle' },
      },
      { awsRequestId: 'bundle', getRemainingTimeInMillis: () => 10_000 },
    );
    expect(answer.statusCode).toBe(200);
    return answer.body as string;
  } finally {
    for (const name of ['SIGN_IN_AUTHORIZE_URL', 'SIGN_IN_TOKEN_URL', 'SIGN_IN_CLIENT_ID']) delete process.env[name];
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function orgWithWorkspace(admin: TestUser, orgName: string, workspaceName: string) {
  const org = await admin.api.post('/api/v1/orgs', { name: orgName });
  expect(org.status, JSON.stringify(org.body)).toBe(201);
  const workspace = await admin.api.post(`/api/v1/orgs/${org.body.id}/workspaces`, { name: workspaceName });
  expect(workspace.status, JSON.stringify(workspace.body)).toBe(201);
  return { orgId: org.body.id as string, workspaceId: workspace.body.id as string };
}

/** Invites an address as a developer of one workspace and returns the invitation and the one link in its email. */
async function inviteAndReadLink(admin: TestUser, orgId: string, email: string, workspaceId: string) {
  const created = await admin.api.post(`/api/v1/orgs/${orgId}/invitations`, {
    email,
    role: 'developer',
    workspaces: [{ workspace_id: workspaceId, role: 'developer' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await waitForEmail(email, 1, 10_000);
  const links = linksIn(sent.body.text ?? '');
  expect(links).toHaveLength(1);
  return { invitationId: created.body.id as string, link: links[0]! };
}

describe.skipIf(skipBrowser)('the invitation page in Chromium', () => {
  let launched: Browser | undefined;
  // Each test fails on its own when Chromium is missing in CI, so that the verdict line counts them.
  const browser = (): Browser => {
    if (!launched) throw new Error(`No Chromium at ${CHROMIUM_PATH}: CI must install it (see .ci/run).`);
    return launched;
  };
  const visitors: InvitePage[] = [];
  const visit = async (url: string, where?: { locale?: string; timezoneId?: string }) => {
    const visitor = await InvitePage.open(browser(), url, where);
    visitors.push(visitor);
    return visitor;
  };

  beforeAll(async () => {
    if (chromiumInstalled) launched = await launchChromium();
  });
  afterAll(async () => {
    for (const visitor of visitors) await visitor.close().catch(() => undefined);
    await launched?.close();
  });

  it('lets Bob join Acme after signing in with his own address, not another one', { timeout: BROWSER_TEST_MS }, async () => {
    // Prepare: Alice invites Bob to Acme as a developer of staging; the link comes from his email.
    const alice = await signUp('alice');
    const { orgId, workspaceId } = await orgWithWorkspace(alice, 'Acme', 'staging');
    const bobEmail = uniqueEmail('bob');
    const { link } = await inviteAndReadLink(alice, orgId, bobEmail, workspaceId);
    expect(link.startsWith(`${inject('apiUrl')}/invite?token=`)).toBe(true);

    // Act: Bob opens the link, in New York.
    const bob = await visit(link, { locale: 'en-US', timezoneId: 'America/New_York' });

    // Assess: who invited him to what, as what, at which address.
    await bob.heading('Alice Tester invited you to join Acme');
    expect(await bob.detail('role')).toBe('Developer');
    expect(await bob.detail('workspaces')).toContain('staging');
    expect(await bob.detail('invited-email')).toBe(bobEmail);
    // The expiry is in his own time zone, and says which one.
    const expiry = await bob.detail('expires');
    const expiresAt = await bob.page.locator('#expires time').getAttribute('datetime');
    const newYork = new Date(expiresAt!).toLocaleString('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: '2-digit' });
    expect(expiry).toMatch(/\b(EST|EDT)\b/);
    const spaced = (text: string) => text.replace(/\s/g, ' ');
    expect(spaced(expiry)).toContain(spaced(newYork));

    // Act: he signs in with another address first.
    const otherEmail = uniqueEmail('bob-at-work');
    await bob.signInAs('Sign in to accept', otherEmail);

    // Assess: the page says which address to use, and the invitation is still waiting.
    const mismatch = await bob.alert();
    expect(mismatch).toContain(`You signed in as ${otherEmail}`);
    expect(mismatch).toContain(`this invitation is for ${bobEmail}`);
    expect((await call('GET', `/api/v1/invitations/${new URL(link).searchParams.get('token')}`)).body.status).toBe('pending');

    // Act: he signs in again, as himself.
    await bob.signInAs('Sign in with another account', bobEmail, 'Bob Tester');

    // Assess: he joined Acme, and the API agrees.
    await bob.heading('You joined Acme');
    const orgs = await call('GET', '/api/v1/orgs?limit=100', { token: await mintToken(bobEmail) });
    expect(orgs.status).toBe(200);
    expect(orgs.body.data).toContainEqual(expect.objectContaining({ id: orgId, name: 'Acme', role: 'developer' }));

    // A reload shows the invitation as used, rather than replaying the sign-in.
    await bob.page.reload();
    await bob.heading('Alice Tester invited you to join Acme');
    expect(await bob.alert()).toContain('already been accepted');
    expect(await bob.hasButton('Sign in to accept')).toBe(false);

    expect(bob.problems).toEqual([]);
    expect(bob.referers).toEqual([]);
  });

  it('opens from the local inbox in a tab of its own, where signing in works', { timeout: BROWSER_TEST_MS }, async () => {
    // Prepare: Alice invites Gil; his email shows in the SES server's inbox page.
    const alice = await signUp('alice');
    const { orgId, workspaceId } = await orgWithWorkspace(alice, 'Acme', 'staging');
    const gilEmail = uniqueEmail('gil');
    await inviteAndReadLink(alice, orgId, gilEmail, workspaceId);
    const { messageId } = await waitForEmail(gilEmail);
    const context = await browser().newContext();
    const inbox = await context.newPage();
    await inbox.goto(inject('sesEndpoint'));
    await inbox.locator('.email', { hasText: gilEmail }).getByRole('button', { name: 'Toggle HTML view' }).click();

    // Act: he clicks the button in the email, inside the inbox's frame.
    const opened = context.waitForEvent('page', { timeout: 10_000 });
    await inbox.frameLocator(`[id="${messageId}-html-iframe"]`).getByRole('link', { name: 'Accept the invitation' }).click();

    // Assess: the page is in a new tab, not in the frame, and the sign-in goes through from there.
    const gil = InvitePage.adopt(context, await opened);
    visitors.push(gil);
    await gil.heading('Alice Tester invited you to join Acme');
    await gil.signInAs('Sign in to accept', gilEmail, 'Gil Tester');
    await gil.heading('You joined Acme');
    expect(gil.problems).toEqual([]);
  });

  it("refuses to be shown in another site's frame", { timeout: BROWSER_TEST_MS }, async () => {
    const link = `${inject('apiUrl')}/invite?token=${randomBytes(32).toString('base64url')}`;
    const context = await browser().newContext();
    const framer = await context.newPage();
    // Another site on this machine (a routed made-up origin would be kept from framing localhost anyway).
    const site = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<iframe src="${link}"></iframe>`);
    });
    await new Promise<void>((listening) => site.listen(0, '127.0.0.1', listening));
    onTestFinished(() => void site.close());
    await framer.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    // The browser shows its own error page in the frame instead of the invitation page...
    await expect.poll(() => framer.frames()[1]?.url(), { timeout: 10_000 }).toBe('chrome-error://chromewebdata/');
    // ...which the same address shows as usual in a tab of its own.
    await framer.goto(link);
    await framer.getByRole('heading', { level: 1, name: 'This invitation link does not work' }).waitFor({ timeout: 10_000 });
    await context.close();
  });

  it('says plainly when a link matches no invitation, or was revoked', { timeout: BROWSER_TEST_MS }, async () => {
    const unknown = await visit(`${inject('apiUrl')}/invite?token=${randomBytes(32).toString('base64url')}`);
    await unknown.heading('This invitation link does not work');
    expect(await unknown.alert()).toContain('No invitation matches this link');

    const truncated = await visit(`${inject('apiUrl')}/invite?token=abc`);
    await truncated.heading('This invitation link does not work');

    const noToken = await visit(`${inject('apiUrl')}/invite`);
    await noToken.heading('Open the link from your invitation email');

    const alice = await signUp('alice');
    const { orgId, workspaceId } = await orgWithWorkspace(alice, 'Acme', 'staging');
    const { invitationId, link } = await inviteAndReadLink(alice, orgId, uniqueEmail('carol'), workspaceId);
    expect((await alice.api.delete(`/api/v1/orgs/${orgId}/invitations/${invitationId}`)).status).toBe(204);
    const carol = await visit(link);
    await carol.heading('Alice Tester invited you to join Acme');
    expect(await carol.alert()).toContain('revoked');
    expect(await carol.hasButton('Sign in to accept')).toBe(false);

    for (const visitor of [unknown, truncated, noToken, carol]) expect(visitor.problems).toEqual([]);
  });

  it('lets Dave decline, and shows names as text, never as markup', { timeout: BROWSER_TEST_MS }, async () => {
    const alice = await signUp('alice');
    const orgName = 'Acme <img src=x onerror=alert(1)> & "Co"';
    const { orgId, workspaceId } = await orgWithWorkspace(alice, orgName, '<b>prod</b>');
    const daveEmail = uniqueEmail('dave');
    const { link } = await inviteAndReadLink(alice, orgId, daveEmail, workspaceId);

    const dave = await visit(link);
    await dave.heading(`Alice Tester invited you to join ${orgName}`);
    expect(await dave.detail('workspaces')).toContain('<b>prod</b>');
    expect(await dave.page.locator('img, b').count()).toBe(0);

    await dave.click('Decline');
    await dave.heading(`Decline the invitation to join ${orgName}?`);
    await dave.click('Yes, decline');
    await dave.heading(`You declined the invitation to join ${orgName}`);
    expect((await call('GET', `/api/v1/invitations/${new URL(link).searchParams.get('token')}`)).body.status).toBe('declined');
    expect(dave.problems).toEqual([]);
  });

  it('works as the Lambda bundle serves it: the minified script runs under its own hash', { timeout: BROWSER_TEST_MS }, async () => {
    const alice = await signUp('alice');
    const { orgId, workspaceId } = await orgWithWorkspace(alice, 'Acme', 'staging');
    const { link } = await inviteAndReadLink(alice, orgId, uniqueEmail('fay'), workspaceId);
    const html = await bundledInvitePage();
    expect(html).not.toContain('__name');

    const context = await browser().newContext();
    const problems: string[] = [];
    const fay = await context.newPage();
    fay.on('pageerror', (error) => problems.push(error.message));
    fay.on('console', (entry) => void (/Content.Security.Policy|Refused to/i.test(entry.text()) && problems.push(entry.text())));
    await context.route(/\/invite\?/, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await fay.goto(link);
    await fay.getByRole('heading', { level: 1, name: 'Alice Tester invited you to join Acme' }).waitFor({ timeout: 10_000 });
    expect(await fay.getByRole('button', { name: 'Sign in to accept' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('without a sign-in configured, shows the invitation with no way to accept on the page', { timeout: BROWSER_TEST_MS }, async () => {
    const alice = await signUp('alice');
    const { orgId, workspaceId } = await orgWithWorkspace(alice, 'Acme', 'staging');
    const { link } = await inviteAndReadLink(alice, orgId, uniqueEmail('erin'), workspaceId);

    // The same page as a deployment without SIGN_IN_* would serve; the API behind it is the real one.
    const context = await browser().newContext();
    await context.route(/\/invite\?/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: invitePageHtml(undefined) }),
    );
    const erin = await (async () => {
      const page = await context.newPage();
      await page.goto(link);
      return page;
    })();
    await erin.getByRole('heading', { level: 1, name: 'Alice Tester invited you to join Acme' }).waitFor({ timeout: 10_000 });
    expect(await erin.locator('#no-sign-in').innerText()).toContain('sign in to the app that uses Orgspace');
    expect(await erin.getByRole('button', { name: 'Sign in to accept' }).count()).toBe(0);
    await context.close();
  });
});

describe('the invitation page as served', () => {
  it('is HTML with a strict policy, no referrer, and the sign-in settings as inert JSON', async () => {
    const page = await fetch(`${inject('apiUrl')}/invite?token=${randomBytes(32).toString('base64url')}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(policy).toMatch(
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-[A-Za-z0-9+/]+=*'; connect-src 'self'/,
    );
    expect(policy).not.toContain('unsafe');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    // Only a header can forbid framing (a meta tag's frame-ancestors is ignored).
    expect(page.headers.get('content-security-policy')).toBe(`${policy}; frame-ancestors 'none'`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const config = JSON.parse(/<script type="application\/json" id="sign-in-config">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null');
    expect(config).toEqual({
      authorizeUrl: `${issuerUrl()}/oauth2/authorize`,
      tokenUrl: `${issuerUrl()}/oauth2/token`,
      clientId: 'orgspace-local',
    });
  });

  it('cannot be broken out of by a sign-in setting', () => {
    const html = invitePageHtml({
      authorizeUrl: 'https://id.example.com/authorize',
      tokenUrl: 'https://id.example.com/token',
      clientId: '</script><script>alert(1)</script>',
    });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(jsonForScript('<!-- & \u2028')).toBe('"\\u003c!-- \\u0026 \\u2028"');
    expect(html).toContain("connect-src 'self' https://id.example.com;");
  });
});

describe('the local sign-in (authorization code with PKCE)', () => {
  const redirectUri = () => `${inject('apiUrl')}/invite`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const form = (fields: Record<string, string>) => ({
    rawBody: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

  async function codeFor(email: string, redirect = redirectUri()): Promise<string> {
    const answer = await fetch(`${issuerUrl()}/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email,
        client_id: 'orgspace-local',
        redirect_uri: redirect,
        scope: 'openid email profile',
        state: 'xyz',
        code_challenge: challenge,
      }),
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(redirect);
    expect(location.searchParams.get('state')).toBe('xyz');
    return location.searchParams.get('code')!;
  }
  const exchange = (code: string, fields: Record<string, string> = {}) =>
    call(
      'POST',
      `${LOCAL_ISSUER_PATH}/oauth2/token`,
      form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri(),
        client_id: 'orgspace-local',
        code_verifier: verifier,
        ...fields,
      }),
    );

  it('is advertised in the discovery document', async () => {
    const discovery = await call('GET', `${LOCAL_ISSUER_PATH}/.well-known/openid-configuration`);
    expect(discovery.body).toMatchObject({
      authorization_endpoint: `${issuerUrl()}/oauth2/authorize`,
      token_endpoint: `${issuerUrl()}/oauth2/token`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('gives an ID token the API accepts for a code, once, and only with the right verifier', async () => {
    const email = uniqueEmail('pkce');
    const code = await codeFor(email);
    expect((await exchange(code, { code_verifier: randomBytes(32).toString('base64url') })).body.error).toBe('invalid_grant');
    // A failed exchange used the code up, as a stolen code must not be retried.
    expect((await exchange(code)).body.error).toBe('invalid_grant');

    const fresh = await codeFor(email);
    expect((await exchange(fresh, { redirect_uri: `${inject('apiUrl')}/elsewhere` })).body.error).toBe('invalid_grant');
    const good = await codeFor(email);
    const tokens = await exchange(good);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect((await call('GET', '/api/v1/me', { token: tokens.body.id_token })).body.email).toBe(email);
    expect((await exchange(good)).body.error).toBe('invalid_grant');
  });

  it('refuses redirect URIs off the local API, and requests without PKCE', async () => {
    const foreign = await fetch(
      `${issuerUrl()}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'orgspace-local', redirect_uri: 'https://evil.example.com/invite', state: 's', code_challenge: challenge, code_challenge_method: 'S256' })}`,
      { redirect: 'manual' },
    );
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('redirect_uri must be a page of the local API');

    const noPkce = await fetch(
      `${issuerUrl()}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'orgspace-local', redirect_uri: redirectUri(), state: 's' })}`,
      { redirect: 'manual' },
    );
    expect(noPkce.status).toBe(302);
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });
});
