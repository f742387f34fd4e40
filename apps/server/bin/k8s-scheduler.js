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
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli.ts');
