// SES errors that no retry will fix: the address or the message is refused, or the sender is not
// set up. Every outbox ends an email on one of these as failed; anything else is retried.
const PERMANENT_SES_ERRORS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'InvalidParameterValue',
  'AccountSendingPausedException',
]);

/** The error's name, and a one-line summary of it short enough to store. */
export function describeSendError(error: unknown): { name: string; summary: string; permanent: boolean } {
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const summary = `${name}: ${(error as { message?: string } | null)?.message ?? String(error)}`.slice(0, 500);
  return { name, summary, permanent: PERMANENT_SES_ERRORS.has(name) };
}
