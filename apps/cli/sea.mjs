// The single-file executable: Node's single executable application (SEA) — a copy of the Node 24
// binary with one CommonJS bundle and one asset injected (postject). `node apps/cli/sea.mjs` writes
// dist/k8s-scheduler-sea after `npm run build`. The asset packs the release's shipped files (the SPA,
// migrations, system templates and PGlite with its WASM); src/sea.entry.ts unpacks it on first start.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
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
import { defaultReleaseDir } from './release.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

/** [relative path, absolute path] of every file under dir. */
function files(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(path.join(dir, e.name), path.join(prefix, e.name))
      : [[path.join(prefix, e.name), path.join(dir, e.name)]],
  );
}

/** One buffer: a 4-byte header length, a JSON index of [path, offset, length], the bytes. */
function pack(entries) {
  const index = [];
  const chunks = [];
  let offset = 0;
  for (const [rel, abs] of entries) {
    const data = readFileSync(abs);
    index.push([rel, offset, data.length]);
    chunks.push(data);
    offset += data.length;
  }
  const header = Buffer.from(JSON.stringify(index));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  return Buffer.concat([len, header, ...chunks]);
}

export async function buildSea(release = defaultReleaseDir, out = path.join(root, 'dist/k8s-scheduler-sea')) {
  const started = Date.now();
  const work = `${out}.work`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const { build } = await import('esbuild');
  const common = esbuildOptions(root);
  await build({
    ...common,
    format: 'cjs',
    splitting: false,
    banner: undefined,
    entryPoints: [path.join(here, 'src/sea.entry.ts')],
    outfile: path.join(work, 'main.cjs'),
    outdir: undefined,
    outExtension: undefined,
    chunkNames: undefined,
    external: ['pg-native'],
    logOverride: { 'empty-import-meta': 'silent' },
    plugins: [
      {
        // PGlite loads its WASM from beside its module: load the unpacked copy from disk.
        name: 'pglite-from-disk',
        setup(b) {
          b.onResolve({ filter: /^@electric-sql\/pglite$/ }, () => ({
            path: 'pglite',
            namespace: 'sea-shim',
          }));
          b.onLoad({ filter: /.*/, namespace: 'sea-shim' }, () => ({
            contents:
              "const { createRequire } = require('node:module');\n" +
              "module.exports = createRequire(require('node:path').join(globalThis.__K8S_SCHEDULER_SEA_ROOT__, 'x.js'))('@electric-sql/pglite');\n",
            loader: 'js',
          }));
        },
      },
    ],
  });
  const lib = path.join(release, 'lib');
  const entries = [
    ...files(path.join(lib, 'web'), 'web'),
    ...files(path.join(lib, 'drizzle'), 'drizzle'),
    ...files(path.join(lib, 'templates'), 'templates'),
    ...files(path.join(release, 'node_modules'), 'node_modules'),
  ];
  writeFileSync(path.join(work, 'payload.bin'), pack(entries));
  writeFileSync(
    path.join(work, 'sea-config.json'),
    JSON.stringify({
      main: path.join(work, 'main.cjs'),
      output: path.join(work, 'sea.blob'),
      disableExperimentalSEAWarning: true,
      assets: { payload: path.join(work, 'payload.bin') },
    }),
  );
  const node = path.join(root, 'node_modules/node/bin/node');
  execFileSync(node, ['--experimental-sea-config', path.join(work, 'sea-config.json')], { stdio: 'inherit' });
  rmSync(out, { force: true });
  copyFileSync(node, out);
  chmodSync(out, 0o755);
  // The npm `node` binary carries its debug information (~20 MiB); a runtime does not need it.
  try {
    execFileSync('strip', ['--strip-debug', out]);
  } catch {
    // no binutils: the file is only larger
  }
  execFileSync(
    path.join(root, 'node_modules/.bin/postject'),
    [
      out,
      'NODE_SEA_BLOB',
      path.join(work, 'sea.blob'),
      '--sentinel-fuse',
      'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
    ],
    { stdio: 'inherit' },
  );
  rmSync(work, { recursive: true, force: true });
  return { file: out, bytes: statSync(out).size, ms: Date.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildSea();
  console.log(
    `single executable: ${path.relative(process.cwd(), built.file)} (${(built.bytes / 1024 / 1024).toFixed(1)} MiB) in ${built.ms} ms`,
  );
}
