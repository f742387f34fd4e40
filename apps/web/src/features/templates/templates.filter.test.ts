import { describe, expect, it } from 'vitest';
import { categoriesOf, filterTemplates } from './templates.filter';

const items = [
  { name: 'wordpress', displayName: 'WordPress', description: 'Blog with MySQL', category: 'cms' },
  {
    name: 'node-api',
    displayName: 'Node API',
    description: 'Express backend with Postgres',
    category: 'backend',
  },
  {
    name: 'ghost',
    displayName: 'Ghost',
    description: 'Publishing platform — café friendly',
    category: 'cms',
  },
];

describe('filterTemplates', () => {
  it('matches every word anywhere, ignoring case and accents', () => {
    expect(filterTemplates(items, { query: 'CAFE ghost', category: null }).map((t) => t.name)).toEqual([
      'ghost',
    ]);
    expect(filterTemplates(items, { query: 'postgres', category: null }).map((t) => t.name)).toEqual([
      'node-api',
    ]);
  });

  it('restricts to a category, and an empty query keeps everything in it', () => {
    expect(filterTemplates(items, { query: '', category: 'cms' }).map((t) => t.name)).toEqual([
      'wordpress',
      'ghost',
    ]);
    expect(filterTemplates(items, { query: 'express', category: 'cms' })).toEqual([]);
  });
});

describe('categoriesOf', () => {
  it('counts templates per category, sorted', () => {
    expect(categoriesOf(items)).toEqual([
      { category: 'backend', count: 1 },
      { category: 'cms', count: 2 },
    ]);
  });
});
