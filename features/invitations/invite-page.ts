// The page an invitation email links to. It is static: the token, the invitation and the sign-in
// all live in the browser, so the HTML never carries anything from the request and may be cached.
// Everything the API returns is shown with textContent (names come from other users), and a strict
// Content-Security-Policy allows only this page's own script and style, calls to this API and the
// token endpoint, and no Referer that could carry the token elsewhere.
import { createHash } from 'node:crypto';
import { type SignInConfig, signInConfig } from '../../shared/config.js';
import { RawBody } from '../../shared/http/response.js';

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

// Plain browser JavaScript, kept free of backslashes and template literals so that it reads the
// same here as in the page (its hash is taken from this exact text).
const SCRIPT = `
'use strict';
(function () {
  var STORAGE_KEY = 'orgspace.invite.sign-in';
  var TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
  var ROLE_NAMES = { admin: 'Admin', developer: 'Developer', viewer: 'Viewer' };
  var ROLE_ARTICLES = { admin: 'an admin', developer: 'a developer', viewer: 'a viewer' };
  var configElement = document.getElementById('sign-in-config');
  var signIn = configElement ? JSON.parse(configElement.textContent || 'null') : null;
  var root = document.getElementById('content');
  var live = document.getElementById('live');
  var pageUrl = location.origin + location.pathname;
  var apiBase = location.origin + location.pathname.replace(/[/]invite[/]?$/, '');
  var query = new URLSearchParams(location.search);
  var token = query.get('token');
  var invitation = null;

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function button(label, onClick, secondary) {
    var node = el('button', secondary ? { type: 'button', class: 'secondary' } : { type: 'button' }, [label]);
    node.addEventListener('click', onClick);
    return node;
  }
  function message(kind, children) {
    return el('div', { class: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status' }, children);
  }

  // Replaces the page's content and moves focus to its heading, so a screen reader announces the new state.
  function show(heading, children) {
    root.replaceChildren(el('h1', { id: 'heading', tabindex: '-1' }, [heading]));
    children.forEach(function (child) { if (child) root.appendChild(child); });
    document.title = heading + ' · Orgspace';
    root.querySelector('h1').focus();
    live.textContent = '';
  }
  function progress(text) {
    show(text, []);
    live.textContent = text;
  }

  function inviterOf(found) { return found.invited_by.name || found.invited_by.email; }
  function invitedHeading(found) { return inviterOf(found) + ' invited you to join ' + found.org.name; }
  function formatDate(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
  }
  function details(found) {
    var workspaces = found.workspaces.length === 0
      ? el('span', {}, ['None yet: an admin can add you to workspaces later'])
      : el('ul', {}, found.workspaces.map(function (workspace) {
          return el('li', {}, [workspace.name + ' (' + (ROLE_NAMES[workspace.role] || workspace.role) + ')']);
        }));
    return el('dl', {}, [
      el('dt', {}, ['Organization']), el('dd', { id: 'org-name' }, [found.org.name]),
      el('dt', {}, ['Role']), el('dd', { id: 'role' }, [ROLE_NAMES[found.role] || found.role]),
      el('dt', {}, ['Workspaces']), el('dd', { id: 'workspaces' }, [workspaces]),
      el('dt', {}, ['Invited by']), el('dd', {}, [found.invited_by.name ? found.invited_by.name + ' (' + found.invited_by.email + ')' : found.invited_by.email]),
      el('dt', {}, ['For']), el('dd', { id: 'invited-email' }, [found.email]),
      el('dt', {}, [found.status === 'expired' ? 'Expired' : 'Expires']), el('dd', {}, [el('time', { datetime: found.expires_at }, [formatDate(found.expires_at)])]),
    ]);
  }

  var CLOSED = {
    accepted: 'This invitation has already been accepted. If that was you, the organization is already in your account.',
    declined: 'This invitation was declined, so it can no longer be used. Ask the person who invited you for a new one.',
    revoked: 'This invitation was revoked by the organization, so it can no longer be used. Ask for a new one if you still need access.',
    expired: 'This invitation has expired. Ask the person who invited you to send a new one.',
  };

  // The invitation with what can be done about it; notice is an extra message (an error from a sign-in, say).
  function showInvitation(notice, anotherAccount) {
    var found = invitation;
    if (found.status !== 'pending') {
      show(invitedHeading(found), [message('error', [CLOSED[found.status] || 'This invitation can no longer be used.']), details(found)]);
      return;
    }
    var actions;
    if (signIn) {
      actions = el('div', { class: 'actions' }, [
        button(anotherAccount ? 'Sign in with another account' : 'Sign in to accept', function () { startSignIn(anotherAccount); }),
        button('Decline', confirmDecline, true),
      ]);
    } else {
      actions = el('div', {}, [
        el('p', { class: 'note', id: 'no-sign-in' }, [
          'To accept, sign in to the app that uses Orgspace with ' + found.email + ' and accept the invitation there: this page has no sign-in configured.',
        ]),
        el('div', { class: 'actions' }, [button('Decline', confirmDecline, true)]),
      ]);
    }
    show(invitedHeading(found), [
      notice,
      el('p', {}, ['Sign in with ' + found.email + ' to accept. Nothing happens unless you accept.']),
      details(found),
      actions,
    ]);
  }

  function confirmDecline() {
    show('Decline the invitation to join ' + invitation.org.name + '?', [
      el('p', {}, ['The link will stop working. ' + inviterOf(invitation) + ' can invite you again later.']),
      el('div', { class: 'actions' }, [
        button('Yes, decline', function (event) { event.target.disabled = true; decline(); }),
        button('Keep the invitation', function () { showInvitation(null, false); }, true),
      ]),
    ]);
  }

  function decline() {
    callApi('POST', '/decline').then(function (answer) {
      if (answer.status === 204) {
        show('You declined the invitation to join ' + invitation.org.name, [
          message('success', ['Nobody can use this invitation now. You can close this page.']),
        ]);
        return;
      }
      showFailure(answer);
    }, showNetworkError);
  }

  function callApi(method, suffix, idToken) {
    var headers = { accept: 'application/json' };
    if (idToken) headers.authorization = 'Bearer ' + idToken;
    return fetch(apiBase + '/api/v1/invitations/' + encodeURIComponent(token) + suffix, { method: method, headers: headers, credentials: 'omit', cache: 'no-store' })
      .then(function (response) {
        return response.text().then(function (text) {
          var body = null;
          try { body = text ? JSON.parse(text) : null; } catch (ignored) { body = null; }
          var error = body && body.error ? body.error : null;
          return { status: response.status, body: body, code: error ? error.code : null, message: error ? error.message : null, requestId: error ? error.request_id : null };
        });
      });
  }

  function showNotFound() {
    show('This invitation link does not work', [
      message('error', ['No invitation matches this link. It may be incomplete (copy the whole link from the email), or it was replaced by a newer invitation: check your inbox for a more recent email, or ask the person who invited you to send it again.']),
    ]);
  }

  function showNetworkError() {
    show('The server could not be reached', [
      message('error', ['Check your connection and try again.']),
      el('div', { class: 'actions' }, [button('Try again', function () { location.reload(); })]),
    ]);
  }

  // An answer the page has no better words for: the API's own message, and the request id for support.
  function showFailure(answer) {
    if (answer.status === 404 || answer.status === 400) { showNotFound(); return; }
    var gone = {
      invitation_expired: CLOSED.expired, invitation_revoked: CLOSED.revoked, invitation_declined: CLOSED.declined,
      invitation_already_accepted: CLOSED.accepted,
    }[answer.code];
    if (gone && invitation) {
      show(invitedHeading(invitation), [message('error', [gone]), details(invitation)]);
      return;
    }
    show('Something went wrong', [
      message('error', [(answer.message || 'The server answered ' + answer.status + '.') + (answer.requestId ? ' (request id ' + answer.requestId + ')' : '')]),
      el('div', { class: 'actions' }, [button('Try again', function () { location.reload(); })]),
    ]);
  }

  function loadInvitation() {
    return callApi('GET', '').then(function (answer) {
      if (answer.status === 200) { invitation = answer.body; return true; }
      showFailure(answer);
      return false;
    });
  }

  function base64url(bytes) {
    var binary = '';
    bytes.forEach(function (byte) { binary += String.fromCharCode(byte); });
    return btoa(binary).replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '');
  }
  function randomString(byteCount) {
    var bytes = new Uint8Array(byteCount);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  function startSignIn(anotherAccount) {
    var verifier = randomString(32);
    var state = randomString(16);
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: token, verifier: verifier, state: state }));
      var url = new URL(signIn.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', signIn.clientId);
      url.searchParams.set('redirect_uri', pageUrl);
      url.searchParams.set('scope', 'openid email profile');
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', base64url(new Uint8Array(digest)));
      url.searchParams.set('code_challenge_method', 'S256');
      url.searchParams.set('login_hint', invitation.email);
      if (anotherAccount) url.searchParams.set('prompt', 'login');
      location.assign(url.href);
    });
  }

  // The email in the ID token, only to say whom the visitor signed in as; the API verifies the token itself.
  function emailIn(idToken) {
    try {
      var part = idToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      var bytes = Uint8Array.from(atob(part), function (character) { return character.charCodeAt(0); });
      return JSON.parse(new TextDecoder().decode(bytes)).email || null;
    } catch (ignored) {
      return null;
    }
  }

  function exchangeCode(code, verifier) {
    var form = new URLSearchParams({ grant_type: 'authorization_code', code: code, redirect_uri: pageUrl, client_id: signIn.clientId, code_verifier: verifier });
    return fetch(signIn.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, credentials: 'omit', cache: 'no-store' })
      .then(function (response) { return response.json().catch(function () { return {}; }).then(function (body) { return response.ok && body.id_token ? body.id_token : null; }); });
  }

  function accept(idToken) {
    progress('Accepting the invitation…');
    return callApi('POST', '/accept', idToken).then(function (answer) {
      if (answer.status === 200) {
        var member = answer.body;
        show('You joined ' + invitation.org.name, [
          message('success', ['You are now ' + (ROLE_ARTICLES[member.role] || member.role) + ' in ' + invitation.org.name + ', signed in as ' + member.email + '. Open the app to start working there; you can close this page.']),
          details(Object.assign({}, invitation, { status: 'accepted' })),
        ]);
        return;
      }
      if (answer.code === 'invitation_email_mismatch') {
        var signedInAs = emailIn(idToken);
        showInvitation(message('error', [
          'You signed in as ' + (signedInAs || 'another address') + ', but this invitation is for ' + invitation.email + '. Sign in again with ' + invitation.email + ' to accept it; the invitation is still waiting for you.',
        ]), true);
        return;
      }
      if (answer.code === 'email_not_verified') {
        showInvitation(message('error', ['Your sign-in did not confirm that you own ' + (emailIn(idToken) || 'that address') + '. Verify your email address with your sign-in provider, then try again.']), true);
        return;
      }
      if (answer.code === 'already_member') {
        show('You are already a member of ' + invitation.org.name, [message('success', ['Nothing to accept: you can close this page.'])]);
        return;
      }
      if (answer.status === 401 || (answer.status === 403 && !answer.code)) {
        showInvitation(message('error', ['The API did not accept this sign-in. Try signing in again.']), true);
        return;
      }
      showFailure(answer);
    });
  }

  // Back from the identity provider with ?code=&state= (or ?error=): finish what startSignIn began in this tab.
  function finishSignIn() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null'); } catch (ignored) { saved = null; }
    sessionStorage.removeItem(STORAGE_KEY);
    if (!saved || !TOKEN_PATTERN.test(saved.token || '')) {
      show('Open the link from your invitation email again', [
        message('error', ['This sign-in was not started from this browser tab, so it cannot be completed here.']),
      ]);
      return;
    }
    token = saved.token;
    // A reload must not replay a one-time code: put the invitation's own address back.
    history.replaceState(null, '', pageUrl + '?token=' + encodeURIComponent(token));
    progress('Signing you in…');
    loadInvitation().then(function (loaded) {
      if (!loaded) return;
      if (invitation.status !== 'pending') { showInvitation(null, false); return; }
      if (query.get('error')) {
        showInvitation(message('error', ['Sign-in did not complete (' + query.get('error') + '). You can try again.']), false);
        return;
      }
      if (query.get('state') !== saved.state || !query.get('code')) {
        showInvitation(message('error', ['The sign-in answer did not match the request this page sent, so it was ignored. Sign in again.']), false);
        return;
      }
      return exchangeCode(query.get('code'), saved.verifier).then(function (idToken) {
        if (!idToken) {
          showInvitation(message('error', ['Sign-in could not be completed. Try again.']), false);
          return;
        }
        return accept(idToken);
      });
    }).catch(showNetworkError);
  }

  if (query.has('code') || query.has('error')) {
    if (signIn) { finishSignIn(); return; }
  }
  if (!token) {
    show('Open the link from your invitation email', [
      el('p', {}, ['This page shows an invitation to an Orgspace organization. Use the whole link from the invitation email; it ends with ?token= and a long code.']),
    ]);
    return;
  }
  if (!TOKEN_PATTERN.test(token)) { showNotFound(); return; }
  progress('Loading the invitation…');
  loadInvitation().then(function (loaded) { if (loaded) showInvitation(null, false); }, showNetworkError);
})();
`;

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
  cached ??= new RawBody(invitePageHtml(signInConfig()), 'text/html; charset=utf-8');
  return cached;
}
