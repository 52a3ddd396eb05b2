// The emails of join requests: to the org's admins when someone asks, and to the requester with
// the answer. Queued as notices (features/notices) in the transaction that makes the change.
// What the requester and the admins typed (names, the message, a reason) reaches them inert.
import { defanged, headerSafe, quotedName } from '../invitations/inert-text.js';
import type { NoticeInput } from '../notices/notice-steps.js';
import type { JoinRequestRecord } from './join-request-entity.js';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

const QUOTED = 'Text in quotes was typed by the people who chose it; anything in it that looks like a web address is broken up.';

function render(lines: string[]): Pick<NoticeInput, 'text' | 'html'> {
  return {
    text: [...lines, '', QUOTED, ''].join('\n'),
    html: `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328;">
${[...lines.filter((line) => line !== ''), QUOTED].map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
</body></html>`,
  };
}

const requesterOf = (request: Pick<JoinRequestRecord, 'name' | 'email'>) =>
  request.name ? `${quotedName(request.name)} (${defanged(request.email)})` : defanged(request.email);

/** To every admin of the org: someone at its domain asks to join. */
export function requestCreatedNotice(request: JoinRequestRecord, orgName: string): NoticeInput {
  const org = quotedName(orgName);
  const requester = requesterOf(request);
  return {
    orgId: request.org_id,
    kind: 'join_request.created',
    audience: { orgAdmins: true },
    subject: headerSafe(`${request.name ? quotedName(request.name) : defanged(request.email)} asks to join ${org}`, 200),
    ...render([
      `${requester} asks to join the organization ${org}: their verified address is at a domain the organization verified.`,
      ...(request.message ? ['', `Their message: \u201c${defanged(request.message)}\u201d`] : []),
      '',
      `Approve or deny it with POST /api/v1/orgs/${request.org_id}/join-requests/${request.id}/approve (or /deny). It expires unanswered after 30 days.`,
    ]),
  };
}

/** To the requester: the admins' answer. */
export function requestAnsweredNotice(request: JoinRequestRecord, orgName: string): NoticeInput {
  const org = quotedName(orgName);
  const approved = request.status === 'approved';
  return {
    orgId: request.org_id,
    kind: approved ? 'join_request.approved' : 'join_request.denied',
    audience: { to: request.email },
    subject: headerSafe(`Your request to join ${org} was ${approved ? 'approved' : 'denied'}`, 200),
    ...render(
      approved
        ? [`Your request to join the organization ${org} was approved: you are now a member, as ${request.role}.`]
        : [
            `Your request to join the organization ${org} was denied.`,
            ...(request.reason ? ['', `The admin's reason: \u201c${defanged(request.reason)}\u201d`] : []),
          ],
    ),
  };
}
