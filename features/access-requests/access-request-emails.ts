// The emails of access requests, rendered when they are queued (as notices): to the workspace's
// admins when one is made, to the requester when it is decided. What people typed (names, the
// message, a reason) reaches them inert, as in invitation emails (../invitations/inert-text.ts).
import { defanged, escapeHtml, headerSafe, quotedName } from '../invitations/inert-text.js';
import type { NoticeInput } from '../notices/notice-steps.js';
import type { AccessRequestRecord } from './access-request-entity.js';

type Rendered = Pick<NoticeInput, 'subject' | 'text' | 'html'>;

function rendered(subject: string, lines: string[]): Rendered {
  return {
    subject: headerSafe(subject, 200),
    text: `${lines.join('\n')}\n`,
    html: `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328;">
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
</body></html>`,
  };
}

const requesterOf = (request: AccessRequestRecord) =>
  request.requester_name
    ? `${quotedName(request.requester_name)} (${defanged(request.requester_email)})`
    : defanged(request.requester_email);

/** A longer text someone typed: one paragraph, links made inert, in quotes. */
const typed = (text: string) => `\u201c${defanged(headerSafe(text, 500)).replace(/["\u201c\u201d]/g, "'")}\u201d`;

export function requestCreatedEmail(request: AccessRequestRecord, orgName: string): Rendered {
  const workspace = quotedName(request.workspace_name);
  return rendered(`${requesterOf(request)} asks for access to ${workspace}`, [
    `${requesterOf(request)} asks for the ${request.role} role in the workspace ${workspace} of the organization ${quotedName(orgName)}.`,
    ...(request.message ? [`Their message: ${typed(request.message)}`] : []),
    'Approve or deny it:',
    `POST /api/v1/orgs/${request.org_id}/workspaces/${request.workspace_id}/access-requests/${request.id}/approve (or /deny).`,
    `Unanswered, it expires on ${request.expires_at.slice(0, 10)}. Quoted names and messages are their authors' words, not ours.`,
  ]);
}

export function requestDecidedEmail(request: AccessRequestRecord, orgName: string): Rendered {
  const workspace = quotedName(request.workspace_name);
  const org = quotedName(orgName);
  return request.status === 'approved'
    ? rendered(`Your access to ${workspace} was approved`, [
        `Your request for access to the workspace ${workspace} of ${org} was approved: you are now a ${request.granted_role} there.`,
      ])
    : rendered(`Your request for access to ${workspace} was denied`, [
        `Your request for access to the workspace ${workspace} of ${org} was denied.`,
        ...(request.reason ? [`The reason given: ${typed(request.reason)}`] : []),
      ]);
}
