/**
 * The release's entry: apps/cli/release.mjs bundles it into `lib/k8s-scheduler.mjs`, which plain
 * Node 24 runs with no tsx and no node_modules but PGlite's. The server's shipped files (the SPA, the
 * migrations, the system templates) sit beside the bundle. `operator` loads only the operator's
 * chunks, as the standalone operator bundle does; every other command loads the CLI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `lib`: where the shipped files are (beside the bundle in the release; unpacked by the single file). */
export async function releaseMain(
  argv: readonly string[],
  lib: string = path.dirname(fileURLToPath(import.meta.url)),
): Promise<void> {
  if (argv[0] === 'operator') {
    const { operatorMain } = await import('./operator.entry');
    await operatorMain();
    return;
  }
  const { useReleaseAssets } = await import('@k8s-scheduler/server');
  useReleaseAssets({
    webDist: path.join(lib, 'web'),
    migrations: path.join(lib, 'drizzle'),
    systemTemplates: path.join(lib, 'templates', 'system'),
  });
  await import('./cli');
}
