import { describe, expect, it } from 'vitest';
import { offsetAt, templateProblems } from './templates.diagnostics';

const valid = `name: hello
displayName: Hello
services:
  - name: web
    image: nginx:1.27
    ports:
      - containerPort: 80
        expose: true
`;

describe('offsetAt', () => {
  const text = 'ab\ncde\n\nf';
  it('maps 1-based line and column to an offset', () => {
    expect(offsetAt(text, 1, 1)).toBe(0);
    expect(offsetAt(text, 2, 2)).toBe(4);
    expect(offsetAt(text, 4, 1)).toBe(8);
  });

  it('clamps past the end of a line or of the document', () => {
    expect(offsetAt(text, 1, 99)).toBe(2);
    expect(offsetAt(text, 99, 1)).toBe(text.length);
  });
});

describe('templateProblems', () => {
  it('finds nothing wrong with a valid template or an empty editor', () => {
    expect(templateProblems(valid)).toEqual([]);
    expect(templateProblems('   \n')).toEqual([]);
  });

  it('locates schema problems on the offending line', () => {
    const text = valid.replace('image: nginx:1.27', 'image: ""');
    const problems = templateProblems(text);
    expect(problems.length).toBeGreaterThan(0);
    const image = problems.find((p) => p.path.includes('image'));
    expect(image?.line).toBe(5);
    expect(text.slice(image?.from, image?.to)).toContain('""');
  });

  it('reports a YAML syntax error with its position', () => {
    const problems = templateProblems('name: [unclosed\n');
    expect(problems[0]?.source).toBe('local');
    expect(problems[0]?.line).toBeGreaterThanOrEqual(1);
  });

  it('adds server issues, without the body prefix, and drops duplicates of local ones', () => {
    const problems = templateProblems(valid, [
      { path: 'body.name', message: 'is already taken', line: 1, column: 7 },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ source: 'server', line: 1, message: 'name: is already taken' });
  });
});

describe('starter template', () => {
  it('is valid, so a new author starts from a working example', async () => {
    const { starterTemplateYaml } = await import('./templates.starter');
    expect(templateProblems(starterTemplateYaml)).toEqual([]);
  });
});
