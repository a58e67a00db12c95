/**
 * Import rules for src, checked by `npm run lint:deps` (dependency-cruiser). Type-only imports
 * count (tsPreCompilationDeps): a cycle through types is a cycle between folders all the same.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment:
        'No cycle between the module folders (src/modules/<area>) nor between the folders of src (src/graphql, src/http, src/shared, …). ' +
        'The top-level files of src (services.ts, main.ts) count as the folder src. Each reported dependency lies on a folder cycle.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'src/shared is the base every module builds on: it imports nothing from src outside src/shared but the settings types of src/config.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/(shared|config)/' },
    },
    {
      name: 'src-not-to-test-or-bench',
      comment: 'The service does not import the tests, their support code or the benchmarks.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|bench/postgraphile)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
