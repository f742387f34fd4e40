import { InvalidError } from '@k8s-scheduler/domain';

/**
 * The position of a keyset page: the sort key of the last row seen. `at` is that row's timestamp in
 * UTC with microseconds (`2025-01-31T12:00:00.123456Z`), as PostgreSQL stores it: a JavaScript Date
 * keeps milliseconds only, and a cursor truncated to them would skip or repeat rows that share a
 * millisecond. `id` breaks ties between equal timestamps.
 */
export interface CursorKey {
  at: string;
  id: string;
}

/** What a list's id column holds, so a decoded id is checked before it reaches SQL. */
export type CursorIdKind = 'uuid' | 'integer' | 'text';

const AT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INTEGER = /^-?(0|[1-9]\d{0,18})$/;
const INT8_MAX = 2n ** 63n - 1n;
/** Cursors longer than this were not issued by us (ours are about 80 characters). */
const MAX_CURSOR_LENGTH = 512;

/** Encodes a position as an opaque cursor: base64url of a JSON pair. Clients must not parse it. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor from a request, or throws `InvalidError` (400, with an issue on `querystring.cursor`)
 * when it is not one this API issues. The cursor is not signed: a well-formed forged cursor only
 * moves the start of a page within what the caller may list anyway (every list query keeps its
 * tenant scope), so checking its shape is enough to keep garbage out of SQL.
 */
export function decodeCursor(cursor: string, idKind: CursorIdKind): CursorKey {
  const key = parse(cursor, idKind);
  if (!key)
    throw new InvalidError('The cursor is invalid; start again from the first page.', [
      { path: 'querystring.cursor', message: 'is not a cursor this list returned' },
    ]);
  return key;
}

function parse(cursor: string, idKind: CursorIdKind): CursorKey | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor))
    return null;
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder ignores stray trailing bits: only the canonical spelling of the bytes is accepted.
  if (bytes.toString('base64url') !== cursor) return null;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [at, id] = value as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string') return null;
  return validAt(at) && validId(id, idKind) ? { at, id } : null;
}

function validAt(at: string): boolean {
  const m = AT.exec(at);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Rejects what Date.UTC would roll over (Feb 30 → Mar 2, 24:00, …).
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

function validId(id: string, kind: CursorIdKind): boolean {
  switch (kind) {
    case 'uuid':
      return UUID.test(id);
    case 'integer': {
      if (!INTEGER.test(id)) return false;
      const n = BigInt(id);
      return n <= INT8_MAX && n >= -INT8_MAX - 1n;
    }
    case 'text':
      return id.length <= 256;
  }
}
