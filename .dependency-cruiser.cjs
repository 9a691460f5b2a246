/**
 * Dependency rules checked by `npm run lint` (depcruise), beside eslint's import boundaries
 * (eslint.config.js): no module imports itself back, and no server feature folder depends, through
 * any path, on a folder that depends on it. Type-only imports count: a cycle of types couples too.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module reaches itself through its imports; break the cycle by moving what both need down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-feature-cycles',
      severity: 'error',
      comment:
        'Two server folders depend on each other (perhaps through others). Features build on shared ' +
        'infrastructure and on features below them, never on a feature that builds on them.',
      scope: 'folder',
      // Infrastructure folders (db, http, plugins, pdf, sheets) serve every feature; eslint keeps
      // them from importing features, so a cycle through a feature starts at that feature.
      from: { path: '^server/', pathNot: '^server/(db|http|plugins|pdf|sheets)(/|$)' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The composition roots import every feature; features import only config.ts from the root folder.
    exclude: { path: ['^server/(app|main|startup)\\.ts$', '\\.test\\.ts$', '^web/(dist|public)/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
