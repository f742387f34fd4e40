// The operator as it runs in production: `k8s-scheduler operator` (apps/cli/src/operator.entry.ts:
// the operator app and the packages it shares with the server; server files only in the lazily
// loaded chunk of the built-in secret store, `@k8s-scheduler/server/secret-source`) bundled by
// esbuild into dist/ and run by plain Node, without tsx (whose loader thread and per-module
// transforms cost ~120 MiB of a ~250 MiB budget).
//
//   npm run build -w apps/cli            # writes apps/cli/dist/ (gitignored)
//
// The CLI (apps/cli/bin/k8s-scheduler.js) runs the bundle for `operator` when `operatorBundle()`
// finds it newer than every source it was built from, and otherwise falls back to tsx.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(here, 'dist');
const entry = path.join(dist, 'operator.mjs');
const manifest = path.join(dist, 'inputs.json');

/**
 * What the operator bundle and the release bundle (release.mjs) share: one ES module for plain Node
 * 24, with dynamic imports split into chunks that load on first use, not at start.
 */
export function esbuildOptions(absWorkingDir) {
  return {
    absWorkingDir,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    // CommonJS dependencies bundled into ES modules still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // Less source text for V8 to keep; identifiers stay, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
}

/** Builds dist/operator.mjs (+ lazily loaded chunks) and dist/inputs.json (what it was built from). */
export async function buildOperatorBundle() {
  const { build } = await import('esbuild');
  const started = Date.now();
  rmSync(dist, { recursive: true, force: true });
  const result = await build({
    ...esbuildOptions(root),
    stdin: {
      contents: "import { operatorMain } from './src/operator.entry';\nawait operatorMain();\n",
      resolveDir: here,
      sourcefile: 'operator.main.ts',
      loader: 'ts',
    },
    outdir: dist,
    entryNames: 'operator',
    // PGlite loads its WASM next to its module; the AWS SDK is large and only for SECRET_STORE=aws.
    external: ['@electric-sql/pglite', '@aws-sdk/*', 'pg-native'],
    sourcemap: 'linked',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes('node_modules/'))
    .map((p) => path.resolve(root, p))
    .filter((p) => existsSync(p)); // not the stdin entry
  writeFileSync(
    manifest,
    JSON.stringify(
      {
        builtAt: started,
        inputs: [...inputs, path.join(root, 'package-lock.json'), fileURLToPath(import.meta.url)],
      },
      null,
      1,
    ),
  );
  return { entry, inputs: inputs.length, bytes: statSync(entry).size, ms: Date.now() - started };
}

/**
 * The bundle's file URL when it exists and no source it was built from changed since (a stale
 * bundle would run old code); otherwise null and why.
 */
export function operatorBundle() {
  if (!existsSync(entry) || !existsSync(manifest))
    return { url: null, reason: 'not built (npm run build -w apps/cli)' };
  const { builtAt, inputs } = JSON.parse(readFileSync(manifest, 'utf8'));
  for (const input of inputs) {
    if (!existsSync(input)) return { url: null, reason: `stale: ${path.relative(root, input)} is gone` };
    if (statSync(input).mtimeMs > builtAt)
      return { url: null, reason: `stale: ${path.relative(root, input)} changed since the build` };
  }
  return { url: pathToFileURL(entry).href, reason: '' };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildOperatorBundle();
  console.log(
    `operator bundle: ${path.relative(root, built.entry)} (${(built.bytes / 1024).toFixed(0)} KiB, ${built.inputs} sources) in ${built.ms} ms`,
  );
}
