// What a background function (a stream consumer or a schedule) throws is logged here, once, as one
// of our JSON lines with its stack mapped to our sources, and thrown on, so that Lambda still
// counts the error, retries the batch and in the end dead-letters it. Without this, Lambda's own
// line for an uncaught error would be the only record: plain text, which the runbook's Logs Insights
// queries do not match, naming the minified bundle's lines.
import type { Context } from 'aws-lambda';
import { errorFields, log } from './log.js';

let failuresReported = true;

/** `name` is the function's row in shared/events/background-functions.ts, which the log line carries. */
export function backgroundFunction<H extends (event: never, context?: Context) => Promise<unknown>>(name: string, handler: H): H {
  const logged = async (event: never, context?: Context) => {
    try {
      return await handler(event, context);
    } catch (error) {
      if (failuresReported)
        log('error', 'background_function_failed', { function: name, request_id: context?.awsRequestId, error: errorFields(error) });
      throw error;
    }
  };
  // The same parameters as the handler's, and its result.
  return logged as H;
}

/**
 * For the local runtime's stream poller and schedules, which report what a function throws
 * themselves: an outage of DynamoDB Local in one line rather than a stack on every pass.
 */
export function leaveBackgroundFailuresToTheRunner(): void {
  failuresReported = false;
}
