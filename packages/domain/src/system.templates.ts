import { InvalidError } from './errors';
import type { Template } from './template.schema';
import { parseTemplateYaml } from './template.yaml';

/**
 * The built-in templates live as YAML in `packages/domain/templates/system/`. This package does no
 * I/O: the server reads the files (or a bundle embeds them) and hands their text to
 * `parseSystemTemplates`.
 */
export const SYSTEM_TEMPLATES_DIR = 'templates/system';

/** One template file as text, for `parseSystemTemplates`. */
export interface TemplateFile {
  name: string;
  text: string;
}

/**
 * Parses system template files; throws `InvalidError` naming each broken file and line, since a
 * broken built-in template is a defect of the platform, not of a user.
 */
export function parseSystemTemplates(files: readonly TemplateFile[]): Template[] {
  const templates: Template[] = [];
  const issues: { path: string; message: string }[] = [];
  for (const file of files) {
    const result = parseTemplateYaml(file.text);
    if (!result.ok) {
      for (const e of result.errors)
        issues.push({ path: `${file.name}:${e.line}:${e.column}`, message: e.message });
    } else if (result.template.visibility !== 'system') {
      issues.push({ path: file.name, message: 'visibility must be system' });
    } else {
      templates.push(result.template);
    }
  }
  const names = templates.map((t) => t.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i)
      issues.push({ path: name, message: `template name ${name} is used twice` });
  });
  if (issues.length > 0) {
    throw new InvalidError(
      `Invalid system templates: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return templates.sort((a, b) => a.name.localeCompare(b.name));
}
