// ESLint 9 flat config: recommended JS and TypeScript rules, plus the rules that keep workflow code
// deterministic (no Node APIs, no I/O clients, activities as types only).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const nodeAndIoModules = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'dns', 'crypto', 'pg', 'winston', '@prisma/*', '@aws-sdk/*', '@temporalio/worker', '@temporalio/client', '@temporalio/activity'];

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'src/generated/', '.data/', 'bench/out/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeAndIoModules, message: 'Workflow code is deterministic: do I/O in an activity.' },
            { group: ['../activities', '../activities/*'], allowTypeImports: true, message: 'Import activities as types only.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process.env in workflows: pass settings in the input.' }],
    },
  },
);
