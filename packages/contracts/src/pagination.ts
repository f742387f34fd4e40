import { z } from 'zod';

/** Page size when the request names none. */
export const PAGE_LIMIT_DEFAULT = 50;
/** Largest page a request may ask for: a bigger `limit` answers 400, it is not silently clamped. */
export const PAGE_LIMIT_MAX = 200;

/**
 * Query of a cursor-paginated list: `?limit=&cursor=`. The cursor is opaque (the previous page's
 * `nextCursor`); absent for the first page. Lists page by keyset (sort key + id), never by offset,
 * so rows inserted while a client pages never shift the pages.
 */
export const pageQuerySchema = z.object({
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .describe('Opaque position: the previous page’s nextCursor; omit for the first page'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMIT_MAX)
    .default(PAGE_LIMIT_DEFAULT)
    .describe(`Page size, 1–${PAGE_LIMIT_MAX} (default ${PAGE_LIMIT_DEFAULT})`),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** Response envelope of a cursor-paginated list; `nextCursor` is null on the last page. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
