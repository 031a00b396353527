// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', '.omnihub/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' }] },
      ],
      // Stylistic: `() => res.end()` style callbacks are idiomatic in express and node:test.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@omnihub/*/src/*', '@omnihub/*/dist/*'], message: 'import a package through its exports map' }] },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Only the store adapters talk to database drivers, only the RabbitMQ adapter to amqplib.
    files: ['core/src/**/*.ts'],
    ignores: ['core/src/store/postgres-store.ts', 'core/src/store/pglite-store.ts', 'core/src/broker/rabbitmq/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'pg', message: 'only core/src/store/postgres-store.ts imports pg' },
            { name: '@electric-sql/pglite', message: 'only core/src/store/pglite-store.ts imports PGlite' },
            { name: 'amqplib', message: 'only the RabbitMQ adapter imports amqplib' },
          ],
        },
      ],
    },
  },
  {
    // The vendor boundary: a connector depends on the SDK only.
    files: ['connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@omnihub/core', '@omnihub/core/*', '@omnihub/openapi', '@omnihub/cli'], message: 'connectors import @omnihub/connector-sdk only' }] },
      ],
    },
  },
);
