import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The dependency arrows of eslint.config.js, shown on deliberate violations (HOUSE_STYLE "Layout"). */
const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter(
      (m) =>
        m.ruleId === '@typescript-eslint/no-restricted-imports' ||
        m.ruleId === 'no-restricted-imports' ||
        m.ruleId === 'no-restricted-syntax',
    )
    .map((m) => m.message);
}

describe('import arrows (eslint.config.js)', () => {
  it.each([
    [
      'apps/server/src/x.ts',
      "import { createOperator } from '@k8s-scheduler/operator';\nvoid createOperator;\n",
    ],
    ['apps/server/src/x.ts', "export type { KubeAuth } from '@k8s-scheduler/operator';\n"],
    ['apps/server/src/x.ts', "export const m = import('@k8s-scheduler/operator');\n"],
    ['apps/server/src/x.ts', "export type M = typeof import('@k8s-scheduler/operator');\n"],
    ['apps/server/src/x.ts', "export { operatorMain } from '../../cli/src/operator.entry';\n"],
    ['apps/operator/src/x.ts', "export { createPlatform } from '@k8s-scheduler/server';\n"],
    ['apps/operator/src/x.ts', "export { openDatabase } from '../../server/src/db/database';\n"],
    ['packages/domain/src/x.ts', "export { createPlatform } from '@k8s-scheduler/server';\n"],
    ['packages/domain/src/x.ts', "export { createOperator } from '../../../apps/operator/src/operator';\n"],
    ['packages/config/src/x.ts', "export { createEmbeddedPlatform } from '@k8s-scheduler/cli';\n"],
    ['apps/web/src/x.ts', "export type { Platform } from '@k8s-scheduler/server';\n"],
    ['apps/web/src/x.ts', "export { createKubeClient } from '@k8s-scheduler/kube';\n"],
    ['packages/domain/src/x.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n"],
    ['packages/domain/src/x.ts', "import { sql } from 'drizzle-orm';\nvoid sql;\n"],
  ])('%s may not: %s', async (file, code) => {
    const errors = await importErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'apps/cli/src/x.ts',
      "export { createPlatform } from '@k8s-scheduler/server';\nexport { createOperator } from '@k8s-scheduler/operator';\n",
    ],
    ['apps/server/src/x.ts', "export { createKubeClient } from '@k8s-scheduler/kube';\n"],
    ['apps/operator/src/x.ts', "export { loadConfig } from '@k8s-scheduler/config';\n"],
    ['packages/domain/src/x.ts', "export { API_VERSION } from '@k8s-scheduler/crds';\n"],
    ['apps/web/src/x.ts', "export type { Org } from '@k8s-scheduler/contracts';\n"],
    ['packages/domain/src/x.test.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n"],
  ])('%s may: %s', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });
});
