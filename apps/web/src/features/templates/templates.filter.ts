export type TemplateFilterable = { name: string; displayName: string; description: string; category: string };

export type TemplateFilter = { query: string; category: string | null };

/** Case- and accent-insensitive text for matching. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/**
 * The gallery's search: every word of the query must appear in the name, display name, description
 * or category; the category filter matches exactly.
 */
export function filterTemplates<T extends TemplateFilterable>(
  items: readonly T[],
  filter: TemplateFilter,
): T[] {
  const words = fold(filter.query).split(/\s+/).filter(Boolean);
  return items.filter((t) => {
    if (filter.category && t.category !== filter.category) return false;
    const haystack = fold(`${t.name} ${t.displayName} ${t.description} ${t.category}`);
    return words.every((w) => haystack.includes(w));
  });
}

/** The categories present, alphabetically, with how many templates each has. */
export function categoriesOf(items: readonly TemplateFilterable[]): { category: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of items) counts.set(t.category, (counts.get(t.category) ?? 0) + 1);
  return [...counts.entries()]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => a.category.localeCompare(b.category));
}
