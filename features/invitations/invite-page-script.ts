/// <reference lib="dom" />
// The invitation page's script, run in the visitor's browser. It is type-checked here, and the
// page embeds this function's own source (invite-page.ts), so the Content-Security-Policy hash is
// always taken from exactly what the browser runs. It must therefore stay self-contained: nothing
// from this module's scope or imports but types, which leave no trace in its source.
import type { SignInConfig } from '../../shared/config.js';
import type { Member } from '../members/schemas.js';
import type { PublicInvitation } from './schemas.js';

export function invitePageScript(): void {
  type Invitation = PublicInvitation;
  type Child = Node | string | null | undefined;
  interface ApiAnswer {
    status: number;
    body: unknown;
    code: string | null;
    message: string | null;
    requestId: string | null;
  }
  interface SavedSignIn {
    token?: string;
    verifier: string;
    state: string;
  }

  const STORAGE_KEY = 'orgspace.invite.sign-in';
  const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
  const ROLE_NAMES: Record<string, string> = { admin: 'Admin', developer: 'Developer', viewer: 'Viewer' };
  const ROLE_ARTICLES: Record<string, string> = { admin: 'an admin', developer: 'a developer', viewer: 'a viewer' };
  const configElement = document.getElementById('sign-in-config');
  const signIn = (configElement ? JSON.parse(configElement.textContent || 'null') : null) as SignInConfig | null;
  const root = document.getElementById('content')!;
  const live = document.getElementById('live')!;
  const pageUrl = location.origin + location.pathname;
  const apiBase = location.origin + location.pathname.replace(/[/]invite[/]?$/, '');
  const query = new URLSearchParams(location.search);
  let token = query.get('token');
  let invitation: Invitation | null = null;
  /** Set once loadInvitation succeeded: every view that needs it is shown only after that. */
  const current = (): Invitation => invitation!;

  function el(tag: string, attributes: Record<string, string> = {}, children: Child[] = []): HTMLElement {
    const node = document.createElement(tag);
    for (const name of Object.keys(attributes)) node.setAttribute(name, attributes[name]!);
    for (const child of children) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }
  function button(label: string, onClick: (event: MouseEvent) => void, secondary = false): HTMLElement {
    const node = el('button', secondary ? { type: 'button', class: 'secondary' } : { type: 'button' }, [label]);
    node.addEventListener('click', onClick);
    return node;
  }
  function message(kind: 'error' | 'success', children: Child[]): HTMLElement {
    return el('div', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, children);
  }

  // Replaces the page's content and moves focus to its heading, so a screen reader announces the new state.
  function show(heading: string, children: Child[]): void {
    root.replaceChildren(el('h1', { id: 'heading', tabindex: '-1' }, [heading]));
    for (const child of children) if (child) root.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    document.title = `${heading} · Orgspace`;
    root.querySelector('h1')!.focus();
    live.textContent = '';
  }
  function progress(text: string): void {
    show(text, []);
    live.textContent = text;
  }

  const inviterOf = (found: Invitation) => found.invited_by.name || found.invited_by.email;
  const invitedHeading = (found: Invitation) => `${inviterOf(found)} invited you to join ${found.org.name}`;
  function formatDate(iso: string): string {
    const date = new Date(iso);
    // The visitor's own zone, named, so that "Expires 3 December, 09:00" cannot be read as someone else's 09:00.
    const named: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    };
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, named);
  }
  function details(found: Invitation): HTMLElement {
    const workspaces =
      found.workspaces.length === 0
        ? el('span', {}, ['None yet: an admin can add you to workspaces later'])
        : el(
            'ul',
            {},
            found.workspaces.map((workspace) => el('li', {}, [`${workspace.name} (${ROLE_NAMES[workspace.role] || workspace.role})`])),
          );
    return el('dl', {}, [
      el('dt', {}, ['Organization']),
      el('dd', { id: 'org-name' }, [found.org.name]),
      el('dt', {}, ['Role']),
      el('dd', { id: 'role' }, [ROLE_NAMES[found.role] || found.role]),
      el('dt', {}, ['Workspaces']),
      el('dd', { id: 'workspaces' }, [workspaces]),
      el('dt', {}, ['Invited by']),
      el('dd', {}, [found.invited_by.name ? `${found.invited_by.name} (${found.invited_by.email})` : found.invited_by.email]),
      el('dt', {}, ['For']),
      el('dd', { id: 'invited-email' }, [found.email]),
      el('dt', {}, [found.status === 'expired' ? 'Expired' : 'Expires']),
      el('dd', { id: 'expires' }, [el('time', { datetime: found.expires_at }, [formatDate(found.expires_at)])]),
    ]);
  }

  const CLOSED: Record<string, string> = {
    accepted: 'This invitation has already been accepted. If that was you, the organization is already in your account.',
    declined: 'This invitation was declined, so it can no longer be used. Ask the person who invited you for a new one.',
    revoked: 'This invitation was revoked by the organization, so it can no longer be used. Ask for a new one if you still need access.',
    expired: 'This invitation has expired. Ask the person who invited you to send a new one.',
  };

  // The invitation with what can be done about it; notice is an extra message (an error from a sign-in, say).
  function showInvitation(notice: HTMLElement | null, anotherAccount: boolean): void {
    const found = current();
    if (found.status !== 'pending') {
      show(invitedHeading(found), [message('error', [CLOSED[found.status] || 'This invitation can no longer be used.']), details(found)]);
      return;
    }
    const actions = signIn
      ? el('div', { class: 'actions' }, [
          button(anotherAccount ? 'Sign in with another account' : 'Sign in to accept', () => startSignIn(signIn, anotherAccount)),
          button('Decline', confirmDecline, true),
        ])
      : el('div', {}, [
          el('p', { class: 'note', id: 'no-sign-in' }, [
            `To accept, sign in to the app that uses Orgspace with ${found.email} and accept the invitation there: this page has no sign-in configured.`,
          ]),
          el('div', { class: 'actions' }, [button('Decline', confirmDecline, true)]),
        ]);
    show(invitedHeading(found), [
      notice,
      el('p', {}, [`Sign in with ${found.email} to accept. Nothing happens unless you accept.`]),
      details(found),
      actions,
    ]);
  }

  function confirmDecline(): void {
    show(`Decline the invitation to join ${current().org.name}?`, [
      el('p', {}, [`The link will stop working. ${inviterOf(current())} can invite you again later.`]),
      el('div', { class: 'actions' }, [
        button('Yes, decline', (event) => {
          (event.target as HTMLButtonElement).disabled = true;
          decline();
        }),
        button('Keep the invitation', () => showInvitation(null, false), true),
      ]),
    ]);
  }

  function decline(): void {
    callApi('POST', '/decline').then((answer) => {
      if (answer.status === 204) {
        show(`You declined the invitation to join ${current().org.name}`, [
          message('success', ['Nobody can use this invitation now. You can close this page.']),
        ]);
        return;
      }
      showFailure(answer);
    }, showNetworkError);
  }

  function callApi(method: string, suffix: string, idToken?: string): Promise<ApiAnswer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (idToken) headers.authorization = `Bearer ${idToken}`;
    return fetch(`${apiBase}/api/v1/invitations/${encodeURIComponent(token ?? '')}${suffix}`, {
      method,
      headers,
      credentials: 'omit',
      cache: 'no-store',
    }).then((response) =>
      response.text().then((text) => {
        let body: { error?: { code?: string; message?: string; request_id?: string } } | null = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = null;
        }
        const error = body?.error ?? null;
        return {
          status: response.status,
          body,
          code: error?.code ?? null,
          message: error?.message ?? null,
          requestId: error?.request_id ?? null,
        };
      }),
    );
  }

  function showNotFound(): void {
    show('This invitation link does not work', [
      message('error', [
        'No invitation matches this link. It may be incomplete (copy the whole link from the email), or it was replaced by a newer invitation: check your inbox for a more recent email, or ask the person who invited you to send it again.',
      ]),
    ]);
  }

  function showNetworkError(): void {
    show('The server could not be reached', [
      message('error', ['Check your connection and try again.']),
      el('div', { class: 'actions' }, [button('Try again', () => location.reload())]),
    ]);
  }

  // An answer the page has no better words for: the API's own message, and the request id for support.
  function showFailure(answer: ApiAnswer): void {
    if (answer.status === 404 || answer.status === 400) {
      showNotFound();
      return;
    }
    const gone = (
      {
        invitation_expired: CLOSED.expired,
        invitation_revoked: CLOSED.revoked,
        invitation_declined: CLOSED.declined,
        invitation_already_accepted: CLOSED.accepted,
      } as Record<string, string | undefined>
    )[answer.code ?? ''];
    if (gone && invitation) {
      show(invitedHeading(invitation), [message('error', [gone]), details(invitation)]);
      return;
    }
    show('Something went wrong', [
      message('error', [
        (answer.message || `The server answered ${answer.status}.`) + (answer.requestId ? ` (request id ${answer.requestId})` : ''),
      ]),
      el('div', { class: 'actions' }, [button('Try again', () => location.reload())]),
    ]);
  }

  function loadInvitation(): Promise<boolean> {
    return callApi('GET', '').then((answer) => {
      if (answer.status === 200) {
        invitation = answer.body as Invitation;
        return true;
      }
      showFailure(answer);
      return false;
    });
  }

  function base64url(bytes: Uint8Array): string {
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '');
  }
  function randomString(byteCount: number): string {
    const bytes = new Uint8Array(byteCount);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  function startSignIn(config: SignInConfig, anotherAccount: boolean): void {
    const verifier = randomString(32);
    const state = randomString(16);
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then((digest) => {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, verifier, state }));
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', pageUrl);
      url.searchParams.set('scope', 'openid email profile');
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', base64url(new Uint8Array(digest)));
      url.searchParams.set('code_challenge_method', 'S256');
      url.searchParams.set('login_hint', current().email);
      if (anotherAccount) url.searchParams.set('prompt', 'login');
      location.assign(url.href);
    });
  }

  // The email in the ID token, only to say whom the visitor signed in as; the API verifies the token itself.
  function emailIn(idToken: string): string | null {
    try {
      const part = idToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(part), (character) => character.charCodeAt(0));
      return (JSON.parse(new TextDecoder().decode(bytes)) as { email?: string }).email || null;
    } catch {
      return null;
    }
  }

  function exchangeCode(config: SignInConfig, code: string, verifier: string): Promise<string | null> {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pageUrl,
      client_id: config.clientId,
      code_verifier: verifier,
    });
    return fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      credentials: 'omit',
      cache: 'no-store',
    }).then((response) =>
      response
        .json()
        .catch(() => ({}))
        .then((body: { id_token?: string }) => (response.ok && body.id_token ? body.id_token : null)),
    );
  }

  function accept(idToken: string): Promise<void> {
    progress('Accepting the invitation…');
    const found = current();
    return callApi('POST', '/accept', idToken).then((answer) => {
      if (answer.status === 200) {
        const member = answer.body as Member;
        show(`You joined ${found.org.name}`, [
          message('success', [
            `You are now ${ROLE_ARTICLES[member.role] || member.role} in ${found.org.name}, signed in as ${member.email}. Open the app to start working there; you can close this page.`,
          ]),
          details({ ...found, status: 'accepted' }),
        ]);
        return;
      }
      if (answer.code === 'invitation_email_mismatch') {
        const signedInAs = emailIn(idToken);
        showInvitation(
          message('error', [
            `You signed in as ${signedInAs || 'another address'}, but this invitation is for ${found.email}. Sign in again with ${found.email} to accept it; the invitation is still waiting for you.`,
          ]),
          true,
        );
        return;
      }
      if (answer.code === 'email_not_verified') {
        showInvitation(
          message('error', [
            `Your sign-in did not confirm that you own ${emailIn(idToken) || 'that address'}. Verify your email address with your sign-in provider, then try again.`,
          ]),
          true,
        );
        return;
      }
      if (answer.code === 'already_member') {
        show(`You are already a member of ${found.org.name}`, [message('success', ['Nothing to accept: you can close this page.'])]);
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
  function finishSignIn(config: SignInConfig): void {
    let saved: SavedSignIn | null = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch {
      saved = null;
    }
    sessionStorage.removeItem(STORAGE_KEY);
    if (!saved || !TOKEN_PATTERN.test(saved.token || '')) {
      show('Open the link from your invitation email again', [
        message('error', ['This sign-in was not started from this browser tab, so it cannot be completed here.']),
      ]);
      return;
    }
    const started = saved;
    token = started.token!;
    // A reload must not replay a one-time code: put the invitation's own address back.
    history.replaceState(null, '', `${pageUrl}?token=${encodeURIComponent(token)}`);
    progress('Signing you in…');
    loadInvitation()
      .then((loaded) => {
        if (!loaded) return;
        if (current().status !== 'pending') {
          showInvitation(null, false);
          return;
        }
        if (query.get('error')) {
          showInvitation(message('error', [`Sign-in did not complete (${query.get('error')}). You can try again.`]), false);
          return;
        }
        const code = query.get('code');
        if (query.get('state') !== started.state || !code) {
          showInvitation(
            message('error', ['The sign-in answer did not match the request this page sent, so it was ignored. Sign in again.']),
            false,
          );
          return;
        }
        return exchangeCode(config, code, started.verifier).then((idToken) => {
          if (!idToken) {
            showInvitation(message('error', ['Sign-in could not be completed. Try again.']), false);
            return;
          }
          return accept(idToken);
        });
      })
      .catch(showNetworkError);
  }

  if (signIn && (query.has('code') || query.has('error'))) {
    finishSignIn(signIn);
    return;
  }
  if (!token) {
    show('Open the link from your invitation email', [
      el('p', {}, [
        'This page shows an invitation to an Orgspace organization. Use the whole link from the invitation email; it ends with ?token= and a long code.',
      ]),
    ]);
    return;
  }
  if (!TOKEN_PATTERN.test(token)) {
    showNotFound();
    return;
  }
  progress('Loading the invitation…');
  loadInvitation().then((loaded) => {
    if (loaded) showInvitation(null, false);
  }, showNetworkError);
}
