// The API's docs page (/docs) in a real browser: Swagger UI renders every operation of the route
// table from the API's own files, under its Content-Security-Policy without a single violation,
// and the browser asks nothing of any other origin. A token typed into "Authorize" is used for
// "Try it out" and kept in the page's memory only: a reload forgets it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { routeList } from '../../features/routes.js';
import { signUp } from '../support/api.js';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from '../support/invite-page.js';

const BROWSER_TEST_MS = 60_000;
const WAIT_MS = 15_000;
// CI installs Chromium (.ci/run), so there a missing browser is a failure, not a skip.
const skipBrowser = !chromiumInstalled && !process.env.CI;

/** What the page's scripts see, as far as these tests look; the tests' TypeScript has no DOM library. */
interface PageGlobals {
  policyViolations: string[];
  document: {
    cookie: string;
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
}

/** A visitor with what their browser reported: policy violations, script errors, and every URL it requested. */
async function visit(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[]; requested: string[] }> {
  const context = await browser.newContext();
  // Runs before the page's own scripts (Playwright injects it, so the page's policy does not apply to it).
  await context.addInitScript(() => {
    const page = globalThis as unknown as PageGlobals;
    page.policyViolations = [];
    page.document.addEventListener('securitypolicyviolation', (event) => {
      page.policyViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const problems: string[] = [];
  const requested: string[] = [];
  context.on('request', (request) => {
    requested.push(request.url());
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems, requested };
}

async function tryGetMe(page: Page): Promise<string> {
  const operation = page.locator('#operations-Users-getMe');
  if (!(await operation.locator('.try-out__btn').isVisible())) await operation.locator('.opblock-summary').click();
  const tryOut = operation.locator('.try-out__btn');
  if ((await tryOut.innerText()).trim() === 'Try it out') await tryOut.click();
  await operation.locator('button.execute').click();
  const status = operation.locator('.live-responses-table .response .response-col_status');
  await status.first().waitFor({ timeout: WAIT_MS });
  return (await status.first().innerText()).trim();
}

describe.skipIf(skipBrowser)('the API docs page in Chromium', () => {
  let launched: Browser | undefined;
  const browser = (): Browser => {
    if (!launched) throw new Error(`No Chromium at ${CHROMIUM_PATH}: CI must install it (see .ci/run).`);
    return launched;
  };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (chromiumInstalled) launched = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await launched?.close();
  });

  it('renders every operation, with no policy violation and no request off the API', { timeout: BROWSER_TEST_MS }, async () => {
    const visitor = await visit(browser());
    contexts.push(visitor.context);

    await visitor.page.goto(`${inject('apiUrl')}/docs`);
    await visitor.page.locator('.opblock').first().waitFor({ timeout: WAIT_MS });

    expect(await visitor.page.locator('.opblock').count()).toBe(routeList.length);
    await expect.poll(() => visitor.page.locator('#operations-Invitations-declineInvitation').isVisible()).toBe(true);
    expect(await visitor.page.evaluate(() => (globalThis as unknown as PageGlobals).policyViolations)).toEqual([]);
    expect(visitor.problems).toEqual([]);
    const origin = new URL(inject('apiUrl')).origin;
    // data: URLs are Swagger UI's icons, inside its stylesheet: nothing is fetched for them.
    const elsewhere = visitor.requested.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(visitor.requested).toEqual(
      expect.arrayContaining([
        `${origin}/docs/assets/swagger-ui-bundle.js`,
        `${origin}/docs/assets/swagger-ui.css`,
        `${origin}/openapi.json`,
      ]),
    );
  });

  it('calls the API with the token typed into Authorize, and forgets it on reload', { timeout: BROWSER_TEST_MS }, async () => {
    const alice = await signUp('alice');
    const visitor = await visit(browser());
    contexts.push(visitor.context);
    const { page } = visitor;
    await page.goto(`${inject('apiUrl')}/docs`);
    await page.locator('#operations-Users-getMe').waitFor({ timeout: WAIT_MS });

    await page.locator('.auth-wrapper button.authorize').click();
    await page.locator('.modal-ux input').fill(alice.token);
    await page.locator('.modal-ux button.modal-btn.auth.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();
    expect(await tryGetMe(page)).toBe('200');

    const stored = await page.evaluate(() => {
      const { localStorage, sessionStorage, document } = globalThis as unknown as PageGlobals;
      return JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]);
    });
    expect(stored).not.toContain(alice.token);
    expect(stored).not.toContain(alice.token.split('.')[1]);

    await page.reload();
    await page.locator('#operations-Users-getMe').waitFor({ timeout: WAIT_MS });
    expect(await tryGetMe(page)).toBe('401');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).policyViolations)).toEqual([]);
    expect(visitor.problems).toEqual([]);
  });
});
