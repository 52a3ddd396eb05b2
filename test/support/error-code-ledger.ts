// Every error code a route answered during the test run, held against the codes it declares (its
// shape's and its row's, which the OpenAPI document lists): a route that starts answering a code
// nobody declared fails the run, so the documented codes cannot drift from the ones thrown.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { routeList } from '../../features/routes.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { errorCodesOf } from '../../shared/http/route-error-codes.js';

export interface AnsweredCode {
  route: string;
  status: number;
  code: string;
}

/**
 * Where the global setup leaves its ledger for the summary reporter: both run in vitest's main
 * process, and a failing teardown does not fail the run, so the reporter gives the verdict.
 */
export const LEDGER_KEY = Symbol.for('orgspace.errorCodeLedger');

export type ErrorCodeLedger = ReturnType<typeof createErrorCodeLedger>;

export function createErrorCodeLedger() {
  const answered = new Map<string, AnsweredCode>();
  return {
    record(route: RouteDefinition, result: APIGatewayProxyStructuredResultV2) {
      const status = result.statusCode ?? 200;
      if (status < 400 || typeof result.body !== 'string') return;
      let code: unknown;
      try {
        code = (JSON.parse(result.body) as { error?: { code?: unknown } }).error?.code;
      } catch {
        return;
      }
      if (typeof code === 'string') answered.set(`${route.name} ${status} ${code}`, { route: route.name, status, code });
    },
    answered: () => [...answered.values()],
    /** A sentence naming each code a route answered without declaring it; undefined when there is none. */
    problem(): string | undefined {
      const undeclared = undeclaredCodes([...answered.values()]);
      if (undeclared.length === 0) return undefined;
      return `Routes answered error codes their route-table rows do not declare (add them to the row's errorCodes):\n${undeclared.map(({ route, status, code }) => `  ${route}: ${status} ${code}`).join('\n')}`;
    },
  };
}

export function undeclaredCodes(answered: readonly AnsweredCode[]): AnsweredCode[] {
  const byName = new Map(routeList.map((route) => [route.name, route]));
  return answered.filter(({ route, status, code }) => {
    const row = byName.get(route);
    return !row || !errorCodesOf(row).some((declared) => declared.status === status && declared.code === code);
  });
}
