// The release: one directory that runs on plain Node 24 with no tsx, no dev dependencies and no
// checkout. `npm run build` writes it to dist/k8s-scheduler/ (gitignored):
//
//   bin/k8s-scheduler.mjs       the launcher (checks the Node version, loads the bundle)
//   lib/k8s-scheduler.mjs       server, operator, start, migrate, admin commands (esbuild; chunks in
//   lib/chunks/                 lib/chunks/ load on first use, so `operator` never loads the server)
//   lib/web/                    the SPA (apps/web/dist)
//   lib/drizzle/                the SQL migrations and their journal
//   lib/templates/system/       the system templates
//   node_modules/@electric-sql/pglite/   the one package not bundled: it loads its WASM and data
//                                        files from beside its own module
//   package.json, LICENSE, NOTICE
//
//   node apps/cli/release.mjs [outDir]   (prints the directory, its size and the build time)
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildOptions } from './bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
export const defaultReleaseDir = path.join(root, 'dist', 'k8s-scheduler');

const LAUNCHER = `#!/usr/bin/env node
// k8s-scheduler release launcher: Node 24+ runs the bundle beside it (lib/k8s-scheduler.mjs).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write('k8s-scheduler: Node ' + process.versions.node + ' is too old; Node 24+ is required.\\n');
  process.exit(1);
}
// V8's code cache for the bundle (in NODE_COMPILE_CACHE or the temp directory): later starts skip
// compiling it again. Best effort: a read-only temp directory only means no cache.
const { enableCompileCache } = await import('node:module');
try { enableCompileCache?.(); } catch {}
const { releaseMain } = await import('../lib/k8s-scheduler.mjs');
await releaseMain(process.argv.slice(2));
`;

/** Bytes under a directory (files only). */
export function directorySize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/**
 * The third-party npm packages in the release: every package esbuild took a file from, plus PGlite
 * (shipped beside the bundle), each with its version and declared licence.
 */
export function bundledPackages(inputs) {
  const names = new Set(['@electric-sql/pglite']);
  for (const input of inputs) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    names.add(parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
  }
  return [...names].sort().map((name) => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see the package');
    return { name, version: pkg.version, license };
  });
}

/** NOTICE: this project's licence and the licences of what the release (and the image) bundle. */
export function renderNotice(packages) {
  const byLicense = new Map();
  for (const p of packages) byLicense.set(p.license, (byLicense.get(p.license) ?? 0) + 1);
  const summary = [...byLicense]
    .sort((a, b) => b[1] - a[1])
    .map(([l, n]) => `${l}: ${n}`)
    .join(', ');
  return [
    'k8s-scheduler',
    'Copyright the k8s-scheduler authors. Licensed under the Apache License, Version 2.0 (LICENSE).',
    '',
    'The release bundles the following npm packages (name, version, licence as each package declares it;',
    `their licence texts are in each package's published tarball). ${packages.length} packages: ${summary}.`,
    '',
    ...packages.map((p) => `  ${p.name} ${p.version}  ${p.license}`),
    '',
    'The container image adds (tools/image/build.sh): the Node.js binary (MIT, with the third-party',
    "licences listed in Node.js's own LICENSE), and from Debian: libc6 (LGPL-2.1+), libstdc++6 and",
    'libgcc-s1 (GPL-3+ with the GCC Runtime Library Exception), ca-certificates (MPL-2.0 for the',
    "Mozilla CA bundle, GPL-2+ for Debian's scripts) and tzdata (public domain). Each package's",
    'copyright file is kept in the image under /usr/share/doc/<package>/copyright.',
    '',
  ].join('\n');
}

export async function buildRelease(out = defaultReleaseDir) {
  const started = Date.now();
  const webDist = path.join(root, 'apps/web/dist');
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(
      'the web UI is not built: run `npm run build -w apps/web` first (npm run build does both)',
    );
  }
  rmSync(out, { recursive: true, force: true });
  const lib = path.join(out, 'lib');
  mkdirSync(lib, { recursive: true });

  const { build } = await import('esbuild');
  const result = await build({
    ...esbuildOptions(root),
    entryPoints: { 'k8s-scheduler': path.join(here, 'src/release.entry.ts') },
    outdir: lib,
    // PGlite ships beside the bundle (below); pg's optional native binding is never installed.
    external: ['@electric-sql/pglite', 'pg-native'],
  });

  cpSync(webDist, path.join(lib, 'web'), { recursive: true });
  const drizzle = path.join(root, 'apps/server/drizzle');
  mkdirSync(path.join(lib, 'drizzle', 'meta'), { recursive: true });
  for (const f of readdirSync(drizzle))
    if (f.endsWith('.sql')) cpSync(path.join(drizzle, f), path.join(lib, 'drizzle', f));
  cpSync(path.join(drizzle, 'meta/_journal.json'), path.join(lib, 'drizzle/meta/_journal.json'));
  cpSync(path.join(root, 'packages/domain/templates/system'), path.join(lib, 'templates/system'), {
    recursive: true,
  });

  const pglite = path.join(root, 'node_modules/@electric-sql/pglite');
  cpSync(pglite, path.join(out, 'node_modules/@electric-sql/pglite'), {
    recursive: true,
    // Source maps and type declarations are for developers, not for running.
    filter: (src) => !/\.(map|d\.ts|d\.cts)$/.test(src),
  });

  mkdirSync(path.join(out, 'bin'));
  writeFileSync(path.join(out, 'bin/k8s-scheduler.mjs'), LAUNCHER);
  chmodSync(path.join(out, 'bin/k8s-scheduler.mjs'), 0o755);
  const cli = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
  writeFileSync(
    path.join(out, 'package.json'),
    `${JSON.stringify(
      {
        name: 'k8s-scheduler',
        version: cli.version,
        description: 'Self-hosted, Kubernetes-native, multi-tenant deployment platform (release build)',
        license: 'Apache-2.0',
        type: 'module',
        private: true,
        bin: { 'k8s-scheduler': 'bin/k8s-scheduler.mjs' },
        engines: { node: '>=24' },
      },
      null,
      2,
    )}\n`,
  );
  cpSync(path.join(root, 'LICENSE'), path.join(out, 'LICENSE'));
  const bundled = bundledPackages(Object.keys(result.metafile.inputs));
  writeFileSync(path.join(out, 'NOTICE'), renderNotice(bundled));
  return { dir: out, bytes: directorySize(out), ms: Date.now() - started, packages: bundled };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildRelease(process.argv[2] ? path.resolve(process.argv[2]) : defaultReleaseDir);
  console.log(
    `release: ${path.relative(process.cwd(), built.dir) || '.'} (${(built.bytes / 1024 / 1024).toFixed(1)} MiB, ${built.packages.length} npm packages) in ${built.ms} ms`,
  );
}
