// Reads what the API sent through the local SES server: its /store lists every email received.
import { inject } from 'vitest';

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

let sesOverride: string | undefined;
export function useSes(endpoint: string): void {
  sesOverride = endpoint;
}

export async function inbox(): Promise<SentEmail[]> {
  const response = await fetch(`${sesOverride ?? inject('sesEndpoint')}/store`);
  return ((await response.json()) as { emails: SentEmail[] }).emails;
}

export async function emailsTo(address: string): Promise<SentEmail[]> {
  return (await inbox()).filter((email) => email.destination.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** Waits for the `count`-th email to an address (the mailer sends asynchronously, from the table's stream). */
export async function waitForEmail(address: string, count = 1, timeoutMs = 15_000): Promise<SentEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await emailsTo(address);
    if (emails.length >= count) return emails[count - 1]!;
    if (Date.now() > deadline) throw new Error(`No email #${count} to ${address} within ${timeoutMs} ms (got ${emails.length})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function linksIn(text: string): string[] {
  return text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
}

/** The invitation token from the one link in an email's text part. */
export function tokenFrom(email: SentEmail): string {
  const [link] = linksIn(email.body.text ?? '');
  const token = link ? new URL(link).searchParams.get('token') : null;
  if (!token) throw new Error(`No invitation link in: ${email.body.text}`);
  return token;
}
