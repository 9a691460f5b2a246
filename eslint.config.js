import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Server import boundaries. Infrastructure folders serve every feature; a feature may import from
 * another feature only that feature's public modules: its queries.ts and schemas.ts, and the few
 * service modules listed in PUBLIC_MODULES. Everything else (routes.ts first of all) is internal.
 * Composition roots (app.ts, main.ts, startup.ts, cli/, demo/) wire features together and are not
 * bound; `npm run lint` also runs depcruise, which refuses any cycle between folders.
 */
const SERVER_INFRA = ['db', 'http', 'plugins', 'pdf', 'sheets'];
const PUBLIC_MODULES = {
  // The analytics engine that reports, CCHC scores, review and the public page are built on.
  analytics: ['filters', 'surveys', 'conditions', 'summary', 'breakdown', 'figures', 'definitions'],
  audit: ['record'],
  // The survey builder (server/drafts) publishes through the same path as the definition files.
  definitions: ['publish'],
  auth: ['scope', 'account', 'passwords'],
  links: ['codes', 'url'],
  // Staff-entered answers go through the same submission service as the phone (server/paper,
  // server/interviews), by the one staff-entry path.
  responses: ['submit', 'secrets', 'staff-entry'],
  web: ['dist'],
};
const publicModule = [
  String.raw`[\w-]+/(?:queries|schemas)\.js$`,
  ...Object.entries(PUBLIC_MODULES).map(([feature, modules]) => String.raw`${feature}/(?:${modules.join('|')})\.js$`),
];
const infra = `(?:${SERVER_INFRA.join('|')})/`;

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', '.data', 'coverage', '.bench-data', 'build'] },
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
  {
    files: ['server/*/**/*.ts'],
    ignores: [`server/{${[...SERVER_INFRA, 'cli', 'demo'].join(',')}}/**`, '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.\./(?!${infra}|${publicModule.join('|')})[\w-]+/`,
              message:
                "Another feature's internals: import its queries.ts or schemas.ts (or a module listed in " +
                'PUBLIC_MODULES in eslint.config.js), or move what both need into shared infrastructure.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [`server/{${SERVER_INFRA.join(',')}}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.\./(?!${infra})[\w-]+/`,
              message: 'Shared infrastructure must not depend on a feature.',
            },
          ],
        },
      ],
    },
  },
);
