// ESLint flat config: typescript-eslint's type-checked recommendations for the TypeScript
// sources (src, seeds, test, bench, web), plain recommendations for the JavaScript build and
// test-support scripts; formatting is prettier's job (eslint-config-prettier turns off the
// rules that would fight it).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/**', 'coverage/**', '.data/**', 'test-artifacts/**', 'bench/postgraphile/**', 'bench/results/**', 'schema/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked with the nearest tsconfig.json: the root one (src, seeds, test,
        // bench, ormconfig.ts) or web/tsconfig.json (the browser pages).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks a parameter kept for its position (type-graphql @Arg/@Ctx, express's error handler) or a property dropped by a rest spread.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Apollo plugin hooks and some jest callbacks are async because their interface returns a Promise; a forgotten await is caught by no-floating-promises and no-misused-promises.
      '@typescript-eslint/require-await': 'off',
      // String enums (Role, statuses) are compared with strings from tokens, CLI flags and SQL rows by design; tsc already rejects comparisons between unrelated literal types.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // A timer read by a callback written before the timer is set stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // A caught `unknown` is passed on as it was caught (catch (err) { reject(err); }).
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Context's Services and Loaders and the modules' Hooks are interfaces the modules fill by declaration merging (src/graphql/module.ts).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
    },
  },
  {
    // GraphQL answers read by the tests and the load drivers are untyped JSON whose shape jest's expect (or the bench's comparison) checks.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The JavaScript files are Node scripts (TypeScript files need no globals list: tsc resolves names, so no-undef is off for them).
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS files (jest config, jest environment and reporter, dependency-cruiser config).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
