// Lint: TypeScript rules plus the import boundaries of DESIGN.md (dependencies point inward).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FRONT_ENDS = ['scanner', 'auditor', 'guard', 'watcher', 'honeypot', 'serve'];

/** Patterns a file in `from` must not import. */
function boundary(from, forbidden, message) {
  return {
    files: [`src/${from}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: forbidden.map((f) => ({ group: [`**/${f}/*`, `**/${f}`], message })),
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.scratch/**', 'coverage/**', 'bench/results/**', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  // core is pure knowledge: it imports no front end and no CLI.
  boundary('core', [...FRONT_ENDS, 'cli'], 'src/core must not import a front end or the CLI (DESIGN.md: dependencies point inward).'),
  // front ends import core only, never each other nor the CLI.
  ...FRONT_ENDS.map((fe) =>
    boundary(fe, [...FRONT_ENDS.filter((o) => o !== fe), 'cli'],
      `src/${fe} may import src/core only; move what two front ends share into core.`)),
  // pure core modules do no I/O (store adapters are the exception).
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/store/**', 'src/core/events/sinks/**', 'src/core/engine/**', 'src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
          'https', 'node:https', 'tls', 'node:tls', 'child_process', 'node:child_process', 'better-sqlite3', 'pg']
          .map((name) => ({ name, message: 'src/core is pure: do I/O in a front end or a store adapter.' })),
        patterns: [...FRONT_ENDS, 'cli'].map((f) => ({ group: [`**/${f}/*`, `**/${f}`],
          message: 'src/core must not import a front end or the CLI (DESIGN.md: dependencies point inward).' })),
      }],
    },
  },
);
