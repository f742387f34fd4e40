import type { TemplateVisibilityDto } from '@k8s-scheduler/contracts';

export const visibilityLabels: Record<TemplateVisibilityDto, { label: string; hint: string }> = {
  private: { label: 'Private', hint: 'Only you' },
  team: { label: 'Team', hint: 'Everyone in the team' },
  org: { label: 'Organization', hint: 'Every team of the organization' },
  system: { label: 'System', hint: 'Every tenant of the platform' },
};

/**
 * The visibilities the caller may write, from the abilities the API returned for the team
 * (private/team) and its org (org). The server still checks the plan and the role on save.
 */
export function writableVisibilities(
  teamAbilities: readonly string[],
  orgAbilities: readonly string[],
  platformAdmin: boolean,
): TemplateVisibilityDto[] {
  const out: TemplateVisibilityDto[] = [];
  if (teamAbilities.includes('templates:write:private')) out.push('private');
  if (teamAbilities.includes('templates:write:team')) out.push('team');
  if (orgAbilities.includes('templates:write:org')) out.push('org');
  if (platformAdmin) out.push('system');
  return out;
}

const VISIBILITY_LINE = /^visibility:[^\n]*$/m;

/** Reads the top-level `visibility:` of a template's YAML text (default private). */
export function yamlVisibility(text: string): string {
  const match = VISIBILITY_LINE.exec(text);
  const value = match?.[0]
    .slice('visibility:'.length)
    .replace(/#.*$/, '')
    .trim()
    .replace(/^['"]|['"]$/g, '');
  return value || 'private';
}

/**
 * Sets the top-level `visibility:` line of a template, keeping the rest of the text (and its
 * comments) as written; adds the line after `version:` or `name:` when missing.
 */
export function setYamlVisibility(text: string, visibility: TemplateVisibilityDto): string {
  const line = `visibility: ${visibility}`;
  if (VISIBILITY_LINE.test(text)) return text.replace(VISIBILITY_LINE, line);
  for (const key of ['version', 'category', 'displayName', 'name']) {
    const anchor = new RegExp(`^${key}:[^\\n]*$`, 'm').exec(text);
    if (anchor) {
      const end = anchor.index + anchor[0].length;
      return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
    }
  }
  return `${line}\n${text}`;
}
