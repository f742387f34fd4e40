import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crdFiles } from './manifests';

/** Writes the CRD YAML files into `deploy/crds/`. Run with `npx tsx packages/crds/src/generate.ts`. */
const outDir = fileURLToPath(new URL('../../../deploy/crds/', import.meta.url));
for (const [name, text] of Object.entries(crdFiles())) {
  writeFileSync(join(outDir, name), text);
  console.log(`wrote deploy/crds/${name}`);
}
