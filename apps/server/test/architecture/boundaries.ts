import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The server's internal arrows, checked on import statements (the package arrows are ESLint rules):
 * - one owner per table: a module's code imports only its own `<module>.schema` files; another
 *   module's tables are reached through that module's functions. Schema files may import another
 *   module's schema (foreign keys), and `db/` holds only the barrel for drizzle-kit and typing.
 * - nothing below the routes sees Fastify: services, repositories and policies never import it.
 */
export interface SourceFile {
  /** Path relative to apps/server/src, with forward slashes. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  import: string;
  rule: 'table-owner' | 'schema-barrel' | 'fastify-below-routes';
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The owning unit of a file: `modules/<name>` or the top-level folder (`outbox`, `jobs`, ...). */
function ownerOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'modules' ? `modules/${parts[1]}` : (parts[0] ?? '');
}

export function checkBoundaries(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    if (/\.test\.ts$|\.testing\.ts$|fixtures/.test(file.path)) continue;
    // Schema files reference other modules' tables for foreign keys; db/schema.ts is the barrel.
    const isSchema = file.path.endsWith('.schema.ts') || file.path === 'db/schema.ts';
    const belowRoutes = /\.(service|repo|policy)\.ts$/.test(file.path);
    for (const m of file.text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? '';
      if (belowRoutes && (spec === 'fastify' || spec.startsWith('fastify/') || spec.startsWith('@fastify/')))
        violations.push({ file: file.path, import: spec, rule: 'fastify-below-routes' });
      if (!spec.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), spec));
      if (target === 'db/schema' && !file.path.startsWith('db/'))
        violations.push({ file: file.path, import: spec, rule: 'schema-barrel' });
      else if (target.endsWith('.schema') && !isSchema && ownerOf(target) !== ownerOf(file.path))
        violations.push({ file: file.path, import: spec, rule: 'table-owner' });
    }
  }
  return violations;
}

/** Every TypeScript source of apps/server/src, for `checkBoundaries`. */
export function serverSources(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts'))
        out.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          text: readFileSync(full, 'utf8'),
        });
    }
  };
  walk(root);
  return out;
}
