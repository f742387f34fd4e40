import { InvalidError } from '@k8s-scheduler/domain';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type CursorIdKind } from './cursor';

const key = { at: '2025-01-31T12:00:00.123456Z', id: '0b9d7f5e-4c1a-4d7e-9a6b-3f2e1d0c9b8a' };
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function rejects(cursor: string, kind: CursorIdKind = 'uuid') {
  let thrown: unknown;
  try {
    decodeCursor(cursor, kind);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(InvalidError);
  expect((thrown as InvalidError).issues).toEqual([
    { path: 'querystring.cursor', message: 'is not a cursor this list returned' },
  ]);
}

describe('page cursors', () => {
  it('round-trips a position and is opaque, url-safe text', () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(key.id);
    expect(decodeCursor(cursor, 'uuid')).toEqual(key);
    expect(decodeCursor(encodeCursor({ at: key.at, id: '9007199254740993' }), 'integer')).toEqual({
      at: key.at,
      id: '9007199254740993',
    });
    expect(decodeCursor(encodeCursor({ at: key.at, id: 'a|b"c' }), 'text').id).toBe('a|b"c');
  });

  it('rejects a tampered cursor, and no edit gets past validation', () => {
    const cursor = encodeCursor(key);
    rejects(cursor.slice(0, -1));
    rejects(cursor.slice(0, -2));
    rejects(cursor + 'A');
    rejects(`${cursor}=`);
    rejects(cursor.slice(1));
    // Not signed (see decodeCursor): an edit either fails validation or names another well-formed
    // position; it never reaches SQL as anything but a timestamp and a uuid.
    let rejected = 0;
    for (let i = 0; i < cursor.length; i++) {
      for (const c of ['A', 'z', '_', '0']) {
        if (cursor[i] === c) continue;
        const edited = cursor.slice(0, i) + c + cursor.slice(i + 1);
        try {
          const decoded = decodeCursor(edited, 'uuid');
          expect(decoded.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
          expect(decoded.id).toMatch(/^[0-9a-f-]{36}$/);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidError);
          rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(cursor.length);
  });

  it('rejects what it never issues', () => {
    rejects('');
    rejects('not a cursor!');
    rejects('A'.repeat(600));
    rejects(raw({ at: key.at, id: key.id }));
    rejects(raw([key.at, key.id, 'extra']));
    rejects(raw([key.at, 42]));
    rejects(raw(['2025-01-31T12:00:00.123Z', key.id])); // milliseconds only
    rejects(raw(['2025-02-30T12:00:00.000000Z', key.id])); // no such day
    rejects(raw(['2025-01-31T24:00:00.000000Z', key.id]));
    rejects(raw(['2025-01-31 12:00:00.000000+00', key.id]));
    rejects(raw([key.at, key.id.toUpperCase()]));
    rejects(raw([key.at, `${key.id}' or 1=1 --`]));
    rejects(raw([key.at, '12']), 'uuid');
    rejects(raw([key.at, key.id]), 'integer');
    rejects(raw([key.at, '9223372036854775808']), 'integer'); // beyond bigint
    rejects(raw([key.at, '007']), 'integer');
    rejects(raw([key.at, 'x'.repeat(300)]), 'text');
  });
});
