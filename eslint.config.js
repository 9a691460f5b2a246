import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', '.data', 'coverage', '.bench-data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // Fetching data in an effect and storing it in state is the plain, intended pattern here.
    rules: { ...reactHooks.configs.recommended.rules, 'react-hooks/set-state-in-effect': 'off' },
  },
  {
    // Imports go one way: domain/ knows nothing of server/ or web/.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/server/**', '**/web/**', 'fastify', 'pg', 'kysely', 'react'] },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    ignores: ['web/vite.config.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**'] }] },
  },
  {
    // The phone form must never pull in admin or chart code.
    files: ['web/form/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/admin/**', 'chart.js', 'react-chartjs-2', '**/server/**'] }],
    },
  },
  {
    // Admin features build on lib/ and components/, never on each other: what two share moves down.
    // (This replaces the web block's options for these files, so it repeats the server/ ban.)
    files: ['web/admin/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**'], message: 'The web app talks to the server over HTTP only.' },
            {
              regex: String.raw`^\.\./(?!\.\./)|/features/`,
              message: 'A feature must not import another feature: use web/admin/lib or web/admin/components.',
            },
          ],
        },
      ],
    },
  },
);
