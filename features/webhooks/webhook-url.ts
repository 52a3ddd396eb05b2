// What a webhook URL may be, checked when it is registered or changed: https (plain http only
// where loopback receivers are allowed, i.e. locally), no user name or password in it (they would
// end up in logs and events), and a host whose every address the SSRF policy allows. The sender
// checks the address again when it connects (webhook-address-guard.ts); this check is for a clear
// answer now.
import { webhookConfig } from '../../shared/config.js';
import { AppError } from '../../shared/vocabulary/errors.js';
import { webhookErrors } from './errors.js';
import { AddressRefusedError, allowedAddresses } from './webhook-address-guard.js';

const refused = (why: string) =>
  new AppError(400, webhookErrors.urlNotAllowed.code, `The webhook URL is not allowed: ${why}.`, [{ field: 'body.url', message: why }]);

/** The URL as it will be stored (normalized by the URL parser), or a 400 saying why it cannot be used. */
export async function checkWebhookUrl(input: string): Promise<string> {
  const url = new URL(input);
  const { allowLoopback } = webhookConfig();
  if (url.protocol !== 'https:' && !(allowLoopback && url.protocol === 'http:')) throw refused('it must use https');
  if (url.username || url.password) throw refused('it must not contain a user name or password; use the signing secret to authenticate');
  try {
    await allowedAddresses(url.hostname);
  } catch (error) {
    if (error instanceof AddressRefusedError) throw refused(`its host ${error.message}`);
    throw error;
  }
  return url.href;
}
