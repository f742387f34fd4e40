#!/usr/bin/env node
// Entry point of the `k8s-scheduler` CLI. The sources are TypeScript run through tsx; Node 24+ is
// required (@kubernetes/client-node 2.x fails to import on older Node).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `k8s-scheduler: Node ${process.versions.node} is too old; Node 24+ is required. Run it through npm (npm start), which uses the node@24 pinned in devDependencies.\n`,
  );
  process.exit(1);
}
// `operator` runs from its bundle when it is built and current (apps/cli/bundle.mjs): plain
// Node without tsx, which is most of a standalone operator's memory. Otherwise the sources, via tsx.
const bundle =
  process.argv[2] === 'operator'
    ? await import('../bundle.mjs').then(
        (m) => m.operatorBundle(),
        () => null,
      )
    : null;
if (bundle?.url) {
  await import(bundle.url);
} else {
  if (bundle)
    process.stderr.write(
      `k8s-scheduler: operator bundle ${bundle.reason}; running the TypeScript sources through tsx\n`,
    );
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
