import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_TEMPLATES_DIR } from '@k8s-scheduler/domain';

/**
 * The files the server ships with: the built SPA, the SQL migrations and the system templates.
 * From a checkout they sit beside the sources (the defaults below). The release (apps/cli/release.mjs)
 * copies them next to its bundle and calls `useReleaseAssets` once, before the server is built,
 * because a bundle's `import.meta.url` no longer says where the sources were.
 */
export interface AssetPaths {
  /** The built SPA (`apps/web/dist`); it may be absent from a checkout (not built yet). */
  readonly webDist: string;
  /** drizzle-kit's migration folder (`apps/server/drizzle`). */
  readonly migrations: string;
  /** The system templates' YAML files (`packages/domain/templates/system`). */
  readonly systemTemplates: string;
}

let release: AssetPaths | null = null;

export function useReleaseAssets(paths: AssetPaths): void {
  release = paths;
}

export function assetPaths(): AssetPaths {
  if (release) return release;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const domain = path.dirname(createRequire(import.meta.url).resolve('@k8s-scheduler/domain/package.json'));
  return {
    webDist: path.resolve(here, '../../web/dist'),
    migrations: path.resolve(here, '../drizzle'),
    systemTemplates: path.join(domain, SYSTEM_TEMPLATES_DIR),
  };
}
