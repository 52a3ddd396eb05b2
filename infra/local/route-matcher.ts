// Picks the route-table row for a method and path as API Gateway does, with the path parameters
// decoded.

import { routeList } from '../../features/routes.js';
import type { RouteDefinition } from '../../shared/http/route.js';

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  paramNames: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const paramNames: string[] = [];
  const segments = route.path.split('/').map((segment) => {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    paramNames.push(param);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${segments.join('/')}$`), paramNames };
}

// Like API Gateway: literal segments win over parameters.
const compiledRoutes = routeList.map(compile).sort((a, b) => a.paramNames.length - b.paramNames.length);

export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string> | undefined;
}

/** The matching row; `not_found` for no row, `bad_request` for a parameter that is not valid percent-encoding. */
export function matchRoute(method: string, pathname: string): RouteMatch | 'not_found' | 'bad_request' {
  for (const { route, pattern, paramNames } of compiledRoutes) {
    const found = pattern.exec(pathname);
    if (!found || route.method !== method) continue;
    let values: string[];
    try {
      values = found.slice(1).map((value) => decodeURIComponent(value));
    } catch {
      return 'bad_request';
    }
    return {
      route,
      pathParameters: paramNames.length > 0 ? Object.fromEntries(paramNames.map((name, i) => [name, values[i]!])) : undefined,
    };
  }
  return 'not_found';
}
