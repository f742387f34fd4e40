import { describe, expect, it } from 'vitest';
import type { TemplateEnvVar } from '@k8s-scheduler/domain';
import {
  deploymentNameSchema,
  envVarsDefaults,
  envVarsFormSchema,
  splitEnvValues,
} from './deployments.envForm';

const vars: TemplateEnvVar[] = [
  { name: 'GREETING', required: false, secret: false, default: 'Hello' },
  { name: 'API_TOKEN', required: true, secret: true, default: 'leaked-default' },
  { name: 'DATABASE_URL', required: true, secret: false },
  { name: 'SENTRY_DSN', required: false, secret: true },
];

describe('envVarsFormSchema', () => {
  it('requires the required variables and names the missing ones', () => {
    const result = envVarsFormSchema(vars).safeParse({
      GREETING: '',
      API_TOKEN: ' ',
      DATABASE_URL: '',
      SENTRY_DSN: '',
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual(expect.arrayContaining(['API_TOKEN is required', 'DATABASE_URL is required']));
    expect(messages).toHaveLength(2);
  });

  it('accepts a filled form', () => {
    expect(
      envVarsFormSchema(vars).safeParse({
        GREETING: '',
        API_TOKEN: 't',
        DATABASE_URL: 'postgres://x',
        SENTRY_DSN: '',
      }).success,
    ).toBe(true);
  });
});

describe('envVarsDefaults', () => {
  it('pre-fills defaults of plain variables but never of secret ones', () => {
    expect(envVarsDefaults(vars)).toEqual({
      GREETING: 'Hello',
      API_TOKEN: '',
      DATABASE_URL: '',
      SENTRY_DSN: '',
    });
  });
});

describe('splitEnvValues', () => {
  it('puts secret values apart and leaves out empty optional ones', () => {
    expect(
      splitEnvValues(vars, { GREETING: '', API_TOKEN: 't0k', DATABASE_URL: 'postgres://db', SENTRY_DSN: '' }),
    ).toEqual({
      env: { DATABASE_URL: 'postgres://db' },
      secrets: { API_TOKEN: 't0k' },
    });
  });
});

describe('deploymentNameSchema', () => {
  it('accepts DNS labels and explains other names', () => {
    expect(deploymentNameSchema.safeParse('shop-api-2').success).toBe(true);
    const bad = deploymentNameSchema.safeParse('Shop_API');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/^Name /);
  });
});
