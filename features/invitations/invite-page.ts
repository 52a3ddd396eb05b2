// The page an invitation email links to. It is static: the token, the invitation and the sign-in
// all live in the browser, so the HTML never carries anything from the request and may be cached.
// Everything the API returns is shown with textContent (names come from other users), and a strict
// Content-Security-Policy allows only this page's own script and style, calls to this API and the
// token endpoint, and no Referer that could carry the token elsewhere.
import { createHash } from 'node:crypto';
import { type SignInConfig, signInConfig } from '../../shared/config.js';
import { RawBody } from '../../shared/http/response.js';
import { invitePageScript } from './invite-page-script.js';

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --card: #f6f8fa; --line: #d1d9e0; --accent: #0969da; --danger: #cf222e; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #151b23; --line: #3d444d; --accent: #4493f8; --danger: #f85149; --ok: #3fb950; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 36rem; margin: 0 auto; padding: 3rem 1.25rem; }
.brand { color: var(--muted); font-size: .875rem; letter-spacing: .04em; text-transform: uppercase; margin: 0 0 1rem; }
h1 { font-size: 1.5rem; line-height: 1.3; margin: 0 0 1rem; }
h1:focus { outline: none; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1rem; margin: 0 0 1.5rem; padding: 1rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
ul { margin: 0; padding-left: 1.1rem; }
.message { margin: 0 0 1.5rem; padding: .75rem 1rem; border-left: 4px solid var(--accent); background: var(--card); }
.message.error { border-left-color: var(--danger); }
.message.success { border-left-color: var(--ok); }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; }
button { font: inherit; padding: .6rem 1.1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: transparent; color: var(--fg); border-color: var(--line); }
button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
button:disabled { opacity: .6; cursor: progress; }
.note { color: var(--muted); }
`;

/**
 * The script as the page carries it: the function's source as this module was compiled, so the
 * hash below is always of exactly what the browser runs. Compilers that keep function names
 * (tsx, which `npm start` runs on) call a `__name` helper of their own inside it; the page hands
 * it a stand-in, as it has no module scope to find the real one in.
 */
function pageScript(): string {
  const source = invitePageScript.toString();
  const script = /\b__name\(/.test(source) ? `'use strict';((__name)=>(${source})())((target)=>target);` : `'use strict';(${source})();`;
  if (/<\/script/i.test(script)) throw new Error('The invite page script must not contain </script');
  return script;
}

const SCRIPT = pageScript();
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const SCRIPT_HASH = sha256(SCRIPT);
const STYLE_HASH = sha256(STYLE);

/** JSON that cannot end the <script> element holding it, nor be read as markup. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** For a double-quoted attribute; the policy's single quotes stay readable. */
const escapeAttribute = (value: string) =>
  value.replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character]!);

/** default-src 'none', then only what the page needs: its script and style, the API, the token endpoint. */
export function invitePagePolicy(signIn: SignInConfig | undefined): string {
  const connect = ["'self'", ...(signIn ? [new URL(signIn.tokenUrl).origin] : [])];
  return [
    "default-src 'none'",
    `script-src ${SCRIPT_HASH}`,
    `style-src ${STYLE_HASH}`,
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The policy again as a response header, with what only a header can say: no site may frame the
 * page (browsers ignore frame-ancestors in a meta tag). A framed page could be clickjacked, and
 * its sign-in could not work anyway, as the identity provider refuses to be framed too.
 */
export function invitePageHeaders(signIn: SignInConfig | undefined): Record<string, string> {
  return { 'content-security-policy': `${invitePagePolicy(signIn)}; frame-ancestors 'none'`, 'x-frame-options': 'DENY' };
}

/** The page for a given sign-in setup (none: the page only shows the invitation and offers to decline). */
export function invitePageHtml(signIn: SignInConfig | undefined): string {
  const config = signIn ? { authorizeUrl: signIn.authorizeUrl, tokenUrl: signIn.tokenUrl, clientId: signIn.clientId } : null;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(invitePagePolicy(signIn))}">
  <meta name="referrer" content="no-referrer">
  <meta name="robots" content="noindex, nofollow">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Your invitation · Orgspace</title>
  <style>${STYLE}</style>
</head>
<body>
  <main>
    <p class="brand">Orgspace</p>
    <div id="content">
      <h1 id="heading" tabindex="-1">Your invitation</h1>
      <noscript><p>This page needs JavaScript to show your invitation.</p></noscript>
    </div>
    <p id="live" class="note" role="status" aria-live="polite"></p>
  </main>
  <script type="application/json" id="sign-in-config">${jsonForScript(config)}</script>
  <script>${SCRIPT}</script>
</body>
</html>`;
}

let cached: RawBody | undefined;

/** The invitation page; its sign-in settings are read once, and a half-configured sign-in fails here, loudly. */
export function invitePage(): RawBody {
  if (!cached) {
    const signIn = signInConfig();
    cached = new RawBody(invitePageHtml(signIn), 'text/html; charset=utf-8', invitePageHeaders(signIn));
  }
  return cached;
}
