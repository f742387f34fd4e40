import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { crdFiles, crdManifests } from './manifests';
import { toStructural } from './structural';

const deployDir = new URL('../../../deploy/crds/', import.meta.url);

describe('CRD YAML under deploy/crds', () => {
  it.each(Object.entries(crdFiles()))('%s is in step with the zod schemas', (name, text) => {
    const committed = readFileSync(new URL(name, deployDir), 'utf8');
    // Regenerate with `npx tsx packages/crds/src/generate.ts` when this fails.
    expect(committed).toBe(text);
  });
});

describe('crdManifests', () => {
  const [tenant, userDeployment] = crdManifests();

  it('declares both kinds with status subresources and the right scope', () => {
    expect(tenant?.spec.scope).toBe('Cluster');
    expect(userDeployment?.spec.scope).toBe('Namespaced');
    for (const crd of [tenant, userDeployment]) {
      expect(crd?.spec.group).toBe('k8s-scheduler.io');
      expect(crd?.spec.versions[0]?.name).toBe('v1alpha1');
      expect(crd?.spec.versions[0]?.subresources).toEqual({ status: {} });
      const columns = crd?.spec.versions[0]?.additionalPrinterColumns.map((c) => c.name);
      expect(columns).toEqual(expect.arrayContaining(['Phase', 'Ready', 'Age']));
    }
  });

  it('produces structural schemas: every node typed, no unions, no $schema, conditions as list map', () => {
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const obj = node as Record<string, unknown>;
      if ('properties' in obj || 'items' in obj) expect(obj.type, path).toBeTypeOf('string');
      for (const bad of ['$schema', 'anyOf', 'oneOf', '$ref']) expect(obj, path).not.toHaveProperty(bad);
      expect(obj.additionalProperties, path).not.toBe(false);
      for (const [k, v] of Object.entries(obj)) walk(v, `${path}.${k}`);
    };
    const schema = userDeployment?.spec.versions[0]?.schema.openAPIV3Schema;
    walk(schema, '$');
    const yamlText = JSON.stringify(schema);
    expect(yamlText).toContain('"x-kubernetes-list-map-keys":["type"]');
    const status = (schema?.properties as Record<string, Record<string, Record<string, unknown>>>).status;
    expect(Object.keys(status?.properties ?? {})).toEqual(
      expect.arrayContaining(['phase', 'conditions', 'observedGeneration', 'services', 'urls', 'message']),
    );
  });

  it('parses back as YAML into the same objects', () => {
    const files = crdFiles();
    expect(Object.keys(files).sort()).toEqual([
      'tenants.k8s-scheduler.io.yaml',
      'userdeployments.k8s-scheduler.io.yaml',
    ]);
    expect(parse(files['tenants.k8s-scheduler.io.yaml']!)).toEqual(tenant);
  });
});

describe('toStructural', () => {
  it('rejects unions and nodes without a type', () => {
    expect(() => toStructural({ anyOf: [{ type: 'string' }] })).toThrow(/anyOf/);
    expect(() => toStructural({ type: 'object', properties: { a: {} } })).toThrow(/needs a "type"/);
  });

  it('maps open objects to preserve-unknown-fields and drops false additionalProperties', () => {
    expect(toStructural({ type: 'object', additionalProperties: {} })).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(toStructural({ type: 'object', additionalProperties: false, $schema: 'x' })).toEqual({
      type: 'object',
    });
  });
});
