// The route table is the features' rows put together: a row that two features both declared would
// silently replace the other's, and its endpoint would vanish from the stack and the docs.
import { describe, expect, it } from 'vitest';
import { routeGroups, routeList } from '../../features/routes.js';

describe('the route table', () => {
  it("holds every feature's rows, each under a key no other feature uses", () => {
    const keys = Object.values(routeGroups).flatMap((rows) => Object.keys(rows));
    expect(new Set(keys).size).toBe(keys.length);
    expect(routeList).toHaveLength(keys.length);
  });

  it('gives each row its own name (its function and handler file) and its own method and path', () => {
    expect(new Set(routeList.map((route) => route.name)).size).toBe(routeList.length);
    expect(new Set(routeList.map((route) => `${route.method} ${route.path}`)).size).toBe(routeList.length);
  });
});
