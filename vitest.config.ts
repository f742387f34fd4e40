import { defineConfig } from 'vitest/config';

/**
 * Three projects:
 *  - unit: pure tests next to the code (`*.test.ts`), no I/O beyond temp files.
 *  - integration: `*.int.test.ts` against real PostgreSQL, Redis, the local control plane, OIDC, SMTP.
 *  - e2e: `*.e2e.test.ts` drives the built SPA in headless Chromium.
 * The global setups start throwaway services once per run (see test/setup/*).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages,tools}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages,tools,test}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/services.global.ts', 'test/setup/kube.global.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['{apps,test}/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/services.global.ts', 'test/setup/kube.global.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
