import { describe, expect, it } from 'vitest';
import { classifyReference, findReferences, soleReference, substitute } from './template.refs';

describe('template references', () => {
  it.each([
    ['plain text', []],
    ['${A} and ${B} and ${A}', ['A', 'B']],
    ['http://${services.db.host}:5432', ['services.db.host']],
    ['$${ESCAPED} ${REAL}', ['REAL']],
    ['$(KUBE_STYLE) ${X}', ['X']],
    ['${1BAD} ${ok_1}', ['ok_1']],
  ])('%j references %j', (text, refs) => {
    expect(findReferences(text)).toEqual(refs);
  });

  it('substitutes references and unescapes $${', () => {
    expect(substitute('a=${A}, b=$${B}, c=$(C)', (r) => r.toLowerCase())).toBe('a=a, b=${B}, c=$(C)');
  });

  it.each([
    ['DB_PASSWORD', { kind: 'variable', name: 'DB_PASSWORD' }],
    ['deployment.url', { kind: 'deployment', field: 'url' }],
    ['services.my-db.host', { kind: 'service', service: 'my-db' }],
    ['services.db.port', { kind: 'unknown' }],
    ['deployment.id', { kind: 'unknown' }],
  ])('classifies %s', (ref, kind) => {
    expect(classifyReference(ref)).toEqual(kind);
  });

  it('finds a sole reference only when it is the whole value', () => {
    expect(soleReference('${DB_PASSWORD}')).toBe('DB_PASSWORD');
    expect(soleReference('x${DB_PASSWORD}')).toBeNull();
    expect(soleReference('${A}${B}')).toBeNull();
  });
});
