import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { readFileSync } from 'node:fs';

/**
 * The dependency arrows (HOUSE_STYLE "Layout"): packages never import apps; apps never import each
 * other, except apps/cli, the composition root that wires the server and the operator together.
 * Each rule names the workspaces a folder may not reach, by package name and by relative path,
 * in static imports, `import type`, dynamic `import()` and `typeof import()` alike.
 */
const APPS = ['server', 'operator', 'cli', 'web'];
function forbidImports(files, apps, message, packages = []) {
  const pathRe = `(^|/)(apps/)?(${apps.join('|')})/(src|test|bin|bundle)`;
  const nameRe = `^@k8s-scheduler/(${[...apps, ...packages].join('|')})(/|$)`;
  const sourceRe = `/${nameRe.replace(/\//g, '\\/')}|${pathRe.replace(/\//g, '\\/')}/`;
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: nameRe, message },
            { regex: pathRe, message },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=${sourceRe}]`, message },
        { selector: `TSImportType[source.value=${sourceRe}]`, message },
      ],
    },
  };
}

/** The workspace packages a workspace does not declare in its package.json (it may not import them). */
const PACKAGES = ['config', 'contracts', 'crds', 'domain', 'kube', 'secrets'];
function undeclaredPackages(workspace) {
  const pkg = JSON.parse(readFileSync(new URL(`./${workspace}/package.json`, import.meta.url), 'utf8'));
  const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
  return PACKAGES.filter((p) => !declared.has(`@k8s-scheduler/${p}`));
}

/** The domain does no I/O: no Node built-ins, drivers or network clients (the server reads, the domain decides). */
const IO_MODULES = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'dns',
  'pg',
  'ioredis',
  'undici',
  'drizzle-orm',
  'drizzle-orm/*',
  '@electric-sql/*',
  '@kubernetes/*',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'apps/server/drizzle/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @k8s-scheduler/config (packages/config).',
        },
      ],
    },
  },
  {
    // The config module, dev tooling, tests and scripts may read the environment.
    files: [
      'packages/config/src/**',
      'tools/**',
      'scripts/**',
      'bench/**',
      'test/**',
      '**/test/**',
      '**/*.test.ts',
      '*.config.*',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Credential plugins (exec, auth-provider cmd-path) inherit the environment, as kubectl's do.
    files: ['packages/kube/src/kubeconfig.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // One direction between the packages: contracts derive their enums from the domain, never the reverse.
    files: ['packages/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@k8s-scheduler/contracts',
                '@k8s-scheduler/server',
                '@k8s-scheduler/web',
                '@k8s-scheduler/operator',
              ],
              message:
                'packages/domain depends on no API schema or app; move the shared piece into the domain.',
            },
            {
              group: IO_MODULES,
              message: 'packages/domain does no I/O: read in the app (server), decide in the domain.',
            },
          ],
        },
      ],
    },
  },
  forbidImports(['packages/**'], APPS, 'Packages never import apps: move what both need into a package.'),
  forbidImports(
    ['apps/server/**'],
    ['operator', 'cli', 'web'],
    'The server never imports the operator or the CLI: what both need lives in a package; apps/cli wires them.',
  ),
  forbidImports(
    ['apps/operator/**'],
    ['server', 'cli', 'web'],
    'The operator never imports the server or the CLI: what both need lives in a package; apps/cli wires them.',
  ),
  forbidImports(
    ['apps/web/**'],
    ['server', 'operator', 'cli'],
    'The web app imports only the workspace packages its package.json declares (and never an app).',
    undeclaredPackages('apps/web'),
  ),
  {
    // Tests of the domain may read fixtures from disk.
    files: ['packages/domain/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
