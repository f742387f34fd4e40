import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSystemTemplates, type Template } from '@k8s-scheduler/domain';
import { assetPaths } from '../../assets';

/**
 * Reads and validates the built-in templates shipped with the domain package
 * (`packages/domain/templates/system/*.yaml`). The server does this I/O so the domain stays pure.
 */
export async function readSystemTemplates(): Promise<Template[]> {
  const dir = assetPaths().systemTemplates;
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  const files = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })),
  );
  return parseSystemTemplates(files);
}
