// The SES client, apart from shared/clients.ts so that only the functions that send mail carry
// the SES SDK in their bundles.
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { config, mailConfig } from '../config.js';

const { sesEndpoint } = mailConfig();

export const sesClient = new SESClient({
  region: config().region,
  // Throttling and network errors are retried by the outbox, with backoff across minutes; here, only briefly.
  maxAttempts: 2,
  ...(sesEndpoint ? { endpoint: sesEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one email to one recipient; returns SES's message id. */
export async function sendEmail(email: OutgoingEmail): Promise<string> {
  const result = await sesClient.send(
    new SendEmailCommand({
      Source: mailConfig().from,
      Destination: { ToAddresses: [email.to] },
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
      },
    }),
  );
  if (!result.MessageId) throw new Error('SES accepted the email without a message id');
  return result.MessageId;
}
