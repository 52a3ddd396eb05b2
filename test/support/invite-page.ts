// Drives the invitation page (/invite) and the local sign-in form in headless Chromium, the way a
// person would: by headings, alerts, labels and button names (and the ids of the invitation's fields).
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM_PATH);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const WAIT_MS = 10_000;

/** One visitor in their own browser context (own sessionStorage), with what the browser complained about. */
export class InvitePage {
  /** Content-Security-Policy violations and uncaught script errors: a working page has none. */
  readonly problems: string[] = [];
  /** Requests that carried a Referer header (the page and the sign-in form send none). */
  readonly referers: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) this.problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      void request.headerValue('referer').then((referer) => {
        if (referer) this.referers.push(`${request.url()} <- ${referer}`);
      });
    });
  }

  /** A page the browser opened by itself, such as a tab a link opened. */
  static adopt(context: BrowserContext, page: Page): InvitePage {
    return new InvitePage(context, page);
  }

  /** Opens the page in a fresh context; `where` sets the visitor's locale and time zone. */
  static async open(browser: Browser, url: string, where: { locale?: string; timezoneId?: string } = {}): Promise<InvitePage> {
    const context = await browser.newContext(where);
    const visitor = new InvitePage(context, await context.newPage());
    await visitor.page.goto(url);
    return visitor;
  }

  close(): Promise<void> {
    return this.context.close();
  }

  /** Waits for the page's main heading to read exactly this. */
  async heading(text: string): Promise<void> {
    await this.page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor({ timeout: WAIT_MS });
  }

  headingText(): Promise<string> {
    return this.page.getByRole('heading', { level: 1 }).innerText();
  }

  /** The text of one field of the invitation's details (Organization, Role, Workspaces, For, ...). */
  detail(id: 'org-name' | 'role' | 'workspaces' | 'invited-email' | 'expires'): Promise<string> {
    return this.page.locator(`#${id}`).innerText();
  }

  /** The text of the alert the page shows (an error), once there is one. */
  async alert(): Promise<string> {
    const alert = this.page.getByRole('alert');
    await alert.waitFor({ timeout: WAIT_MS });
    return alert.innerText();
  }

  async click(button: string): Promise<void> {
    await this.page.getByRole('button', { name: button, exact: true }).click({ timeout: WAIT_MS });
  }

  hasButton(button: string): Promise<boolean> {
    return this.page.getByRole('button', { name: button, exact: true }).isVisible();
  }

  /** Clicks a sign-in button, then signs in on the local issuer's form as this address. */
  async signInAs(button: string, email: string, name?: string): Promise<void> {
    await this.click(button);
    await this.page.getByRole('heading', { name: 'Local sign-in (development only)' }).waitFor({ timeout: WAIT_MS });
    await this.page.getByLabel('Email').fill(email);
    if (name) await this.page.getByLabel('Name (optional)').fill(name);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Back on the invitation page, which has put its own address (no code) back in the location.
    await this.page.waitForURL((url) => url.pathname === '/invite' && url.searchParams.has('token') && !url.searchParams.has('code'), {
      timeout: WAIT_MS,
    });
  }
}
