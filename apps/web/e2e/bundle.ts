import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built SPA (`npm run build -w apps/web`), as the server serves it. */
export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

const gzipBytes = (file: string) => gzipSync(readFileSync(file)).length;

/** Gzipped bytes of the JavaScript the first route loads: the entry script and its modulepreloads. */
export function firstRouteJsGzipBytes(dist = webDist): { total: number; files: Record<string, number> } {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files: Record<string, number> = {};
  for (const [, src] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)) {
    if (!src || src in files) continue;
    files[src] = gzipBytes(path.join(dist, src));
  }
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files };
}

export type AssetTotals = { files: number; bytes: number; gzipBytes: number };

/** Every JavaScript and CSS file of the build (all routes), raw and gzipped. */
export function distAssetTotals(dist = webDist): { js: AssetTotals; css: AssetTotals } {
  const totals = { js: { files: 0, bytes: 0, gzipBytes: 0 }, css: { files: 0, bytes: 0, gzipBytes: 0 } };
  const assets = path.join(dist, 'assets');
  for (const name of readdirSync(assets)) {
    const kind = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
    if (!kind) continue;
    const file = path.join(assets, name);
    totals[kind].files += 1;
    totals[kind].bytes += readFileSync(file).length;
    totals[kind].gzipBytes += gzipBytes(file);
  }
  return totals;
}
