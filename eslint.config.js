// ESLint 9 flat config: recommended JS and TypeScript rules, plus the import boundaries between rooms:
// workflow code stays deterministic (no Node APIs, no I/O clients, activities and services as types only),
// domain code (planner, music, every room of src/audio) never imports Temporal, audio and planner do not
// import each other, the rooms of src/audio import downwards only, src/music imports nothing from src but
// src/shared, contracts import only src/shared and the word lists, and src/shared imports nothing from src.
const { builtinModules } = require('node:module');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const nodeBuiltins = ['node:*', ...builtinModules.flatMap((name) => [name, `${name}/*`])];
const nodeAndIoModules = [...nodeBuiltins, 'pg', 'winston', '@prisma/*', '@aws-sdk/*', '@temporalio/worker', '@temporalio/client', '@temporalio/activity'];
const noTemporal = { group: ['@temporalio/*'], message: 'Domain code does not know Temporal: an activity or a workflow wraps it.' };
/** Rooms of src/audio from the bottom up; a room may import the rooms before it, never those after it. */
const audioRooms = ['io', 'composer', 'analysis', 'fingerprint', 'dsp'];

function restrictImports(...patterns) {
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

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
            { regex: '^(\\.\\./)+activities(/|$)', allowTypeImports: true, message: 'Import activities as types only.' },
            { regex: '^(\\.\\./)+(providers|storage|db|audio)(/|$)', allowTypeImports: true, message: 'Services run in activities: workflow code imports their types only.' },
            { regex: '^(\\.\\./)+generated(/|$)', message: 'The Prisma client is I/O: use it in an activity.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process.env in workflows: pass settings in the input.' }],
    },
  },
  {
    files: ['src/planner/**/*.ts'],
    rules: restrictImports(noTemporal, { regex: '^(\\.\\./)+audio(/|$)', message: 'The planner reads analysis results, not audio code: shared music theory lives in src/music.' }),
  },
  ...audioRooms.map((room, level) => ({
    files: [`src/audio/${room}/**/*.ts`],
    rules: restrictImports(
      noTemporal,
      { regex: '^(\\.\\./)+planner(/|$)', message: 'Audio does not import the planner: shared music theory lives in src/music.' },
      ...(level < audioRooms.length - 1 ? [{ regex: `^\\.\\./(${audioRooms.slice(level + 1).join('|')})(/|$)`, message: `Audio rooms import downwards only (${audioRooms.join(' < ')}).` }] : []),
    ),
  })),
  {
    // Contracts are read by the API, the client, the workflows and the activities alike: they stay small and low.
    files: ['src/contracts/**/*.ts'],
    rules: restrictImports(
      { group: ['@temporalio/*', '!@temporalio/workflow'], message: 'Contracts define messages with @temporalio/workflow only.' },
      { regex: '^\\.\\./(?!shared/|music/vocabulary$)', message: 'Contracts import only src/shared and src/music/vocabulary.' },
    ),
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: restrictImports({ regex: '^\\.\\./', message: 'src/shared is the floor of the tree: it imports nothing else from src.' }),
  },
  {
    files: ['src/music/**/*.ts'],
    rules: restrictImports(noTemporal, { regex: '^\\.\\./(?!shared(/|$))', message: 'src/music is the bottom room: it imports nothing from src but src/shared.' }),
  },
);
