import { describe, expect, it } from 'vitest';
import {
  deploymentHost,
  dnsLabelProblem,
  generateDeploymentName,
  isDnsLabel,
  namespaceFor,
  slugify,
} from './naming';

describe('dnsLabelProblem', () => {
  it.each([
    ['web', null],
    ['my-app-1', null],
    ['a', null],
    ['x'.repeat(63), null],
    ['', 'must not be empty'],
    ['x'.repeat(64), 'must be at most 63 characters (it has 64)'],
    ['MyApp', 'must be lowercase'],
    ['my_app', 'may contain only lowercase letters, digits and "-"'],
    ['my.app', 'may contain only lowercase letters, digits and "-"'],
    ['-app', 'must start and end with a letter or digit'],
    ['app-', 'must start and end with a letter or digit'],
  ])('%j → %j', (name, problem) => {
    expect(dnsLabelProblem(name)).toBe(problem);
    expect(isDnsLabel(name)).toBe(problem === null);
  });
});

describe('slugify', () => {
  it.each([
    ['My Org!', 'my-org'],
    ['  Crème Brûlée  Co. ', 'creme-brulee-co'],
    ['a--b__c', 'a-b-c'],
    ['!!!', ''],
  ])('%j → %j', (text, slug) => expect(slugify(text)).toBe(slug));

  it('truncates without a trailing dash', () => {
    expect(slugify('abcd efgh', 5)).toBe('abcd');
  });
});

describe('generateDeploymentName', () => {
  it('makes adjective-noun-xxxx names that are DNS labels', () => {
    for (let i = 0; i < 200; i++) {
      const name = generateDeploymentName();
      expect(name).toMatch(/^[a-z]+-[a-z]+-[a-z0-9]{4}$/);
      expect(isDnsLabel(name)).toBe(true);
    }
  });

  it('is deterministic with a given random source', () => {
    expect(generateDeploymentName(() => 0)).toBe('amber-badger-aaaa');
    expect(generateDeploymentName(() => 0.999999)).toBe('witty-orchid-9999');
  });
});

describe('namespaces and hosts', () => {
  it.each([
    ['shared', 'acme', 'ks-shared'],
    ['namespace', 'acme', 'ks-org-acme'],
    ['dedicated', 'Big Corp', 'ks-org-big-corp'],
  ] as const)('%s / %s → %s', (isolation, slug, ns) => expect(namespaceFor(isolation, slug)).toBe(ns));

  it('keeps namespaces within 63 characters', () => {
    const ns = namespaceFor('namespace', 'x'.repeat(80));
    expect(ns.length).toBe(63);
    expect(isDnsLabel(ns)).toBe(true);
  });

  it('builds the host', () => {
    expect(deploymentHost('swift-otter-x7k2', 'apps.example.com')).toBe('swift-otter-x7k2.apps.example.com');
    expect(deploymentHost('a', '.Apps.Example.com.')).toBe('a.apps.example.com');
  });
});
