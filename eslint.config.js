import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
        { object: 'process', property: 'env', message: 'Read configuration through apps/server/src/config.' },
      ],
    },
  },
  {
    // The config module, dev tooling, tests and scripts may read the environment.
    files: [
      'apps/*/src/config/**',
      'apps/*/src/config.ts',
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
          ],
        },
      ],
    },
  },
);
