// One JSON object per line, written to stdout as it is: Lambda's console would put its own
// timestamp and level in front, and then neither Logs Insights' field discovery nor CloudWatch's
// metric extraction (metrics.ts) could read the line. `LOG_FORMAT=pretty` (npm start) prints a
// line for a person instead; `LOG_LEVEL` drops what is less severe.
import { type LogLevel, logConfig } from '../config.js';
import { sourceMappedStack } from './source-mapped-stack.js';

export type { LogLevel };
export type LogFields = Record<string, unknown>;

const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export const logs = (level: LogLevel): boolean => SEVERITY[level] >= SEVERITY[logConfig().level];

/**
 * `message` is a stable snake_case name to query by (`request`, `invitation_email_sent`);
 * `readable` is the line `npm start` prints instead, when a plain listing of the fields would not read well.
 */
export function log(level: LogLevel, message: string, fields: LogFields = {}, readable?: string): void {
  if (!logs(level)) return;
  if (logConfig().format === 'pretty') {
    const mark = level === 'error' ? '✖ ' : level === 'warn' ? '! ' : '';
    const detail = readable ?? `${message}${listed(fields)}`;
    const error = fields.error as { stack?: string } | undefined;
    process.stdout.write(`${mark}${detail}${error?.stack ? `\n${error.stack}` : ''}\n`);
    return;
  }
  process.stdout.write(`${JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields })}\n`);
}

/**
 * An error as log fields: name, message and stack (its frames in our source files), never the
 * object itself (an SDK error carries the request).
 */
export function errorFields(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error)
    return { name: error.name, message: error.message, ...(error.stack ? { stack: sourceMappedStack(error.stack) } : {}) };
  return { name: 'NonError', message: String(error) };
}

function listed(fields: LogFields): string {
  const parts = Object.entries(fields)
    .filter(([key, value]) => value !== undefined && key !== 'error')
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}
