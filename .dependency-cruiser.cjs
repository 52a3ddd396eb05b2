// The layering, checked by `npm test` (depcruise). Each floor may import only the floors below it:
//   shared/vocabulary   roles and permissions, the principal, errors, ids, ETags: imports nothing of ours
//   shared/*            the platform: config, clients, table, transactions, HTTP pipeline, auth, mail
//   features/*          one folder per area: entities, schemas, route rows, services, stores
//   functions/*         one Lambda handler per route-table row or background function
// infra/, bench/ and test/ stand beside the tower and may read any of it; nothing in it reads them.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are one module, or one of them is on the wrong floor.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'vocabulary-is-the-ground-floor',
      severity: 'error',
      comment: 'The vocabulary (policy, principal, errors, ids, ETags) is what everything else is written in; it imports nothing of ours.',
      from: { path: '^shared/vocabulary/' },
      to: { path: '^(shared/(?!vocabulary/)|features/|functions/|infra/|bench/|test/)' },
    },
    {
      name: 'platform-does-not-know-features',
      severity: 'error',
      comment: 'Shared platform code serves every feature and names none of them; the route table is passed in where it is needed.',
      from: { path: '^shared/' },
      to: { path: '^(features/|functions/|infra/|bench/|test/)' },
    },
    {
      name: 'features-do-not-import-handlers-or-tooling',
      severity: 'error',
      from: { path: '^features/' },
      to: { path: '^(functions/|infra/|bench/|test/)' },
    },
    {
      name: 'route-rows-stay-in-their-feature',
      severity: 'error',
      comment:
        "A handler imports its own feature's rows only, so its bundle builds no other feature's schemas; only the route table (features/routes.ts) gathers them all.",
      from: { path: '^features/([^/]+)/', pathNot: '^features/routes\\.ts$' },
      to: { path: '^features/([^/]+)/routes\\.ts$', pathNot: '^features/$1/' },
    },
    {
      name: 'handlers-do-not-import-the-route-table',
      severity: 'error',
      comment:
        'The whole route table would put every schema of the API into one Lambda bundle. get-openapi is the one handler that needs it.',
      from: { path: '^functions/', pathNot: '^functions/get-openapi\\.ts$' },
      to: { path: '^features/routes\\.ts$' },
    },
    {
      name: 'schemas-and-rows-are-light',
      severity: 'error',
      comment:
        'Route rows and API schemas are read by the OpenAPI document and the docs, which have no table: they must not pull in entities, stores or the DynamoDB client.',
      from: { path: '^features/[^/]+/(routes|schemas)\\.ts$' },
      to: { path: '(-entity|-store|-service|clients)\\.ts$' },
    },
    {
      name: 'changes-are-committed-with-their-events',
      severity: 'error',
      comment:
        'A feature writes a change through commit/commitOrThrow (features/audit/audit-steps.ts), which will not run without its audit events; only that module runs transactions itself.',
      from: { path: '^features/', pathNot: '^features/audit/audit-steps\\.ts$' },
      to: { path: '^shared/table/transact\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-handler-imports-another',
      severity: 'error',
      comment: 'A handler is an entry point; only the tooling beside the tower loads them.',
      from: { pathNot: '^(test|infra|bench)/' },
      to: { path: '^functions/' },
    },
    {
      name: 'product-code-uses-no-dev-dependencies',
      severity: 'error',
      comment: 'What deploys is bundled from dependencies only.',
      from: { path: '^(shared|features|functions)/' },
      to: { dependencyTypes: ['npm-dev'], pathNot: 'node_modules/@types/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      comment: 'aws-lambda is a types-only package (@types/aws-lambda): tsc resolves it, the cruiser cannot.',
      to: { couldNotResolve: true, pathNot: '^aws-lambda$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs'],
    },
  },
};
