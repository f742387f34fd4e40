import { describe, expect, it } from 'vitest';
import { setYamlVisibility, writableVisibilities, yamlVisibility } from './templates.visibility';

describe('writableVisibilities', () => {
  it('offers what the team and org abilities allow', () => {
    expect(writableVisibilities(['templates:write:private'], [], false)).toEqual(['private']);
    expect(
      writableVisibilities(
        ['templates:write:private', 'templates:write:team'],
        ['templates:write:org'],
        false,
      ),
    ).toEqual(['private', 'team', 'org']);
    expect(writableVisibilities([], [], true)).toEqual(['system']);
  });
});

describe('yamlVisibility / setYamlVisibility', () => {
  it('reads the top-level visibility, ignoring quotes and comments, defaulting to private', () => {
    expect(yamlVisibility('name: a\nvisibility: "team" # shared\n')).toBe('team');
    expect(yamlVisibility('name: a\n')).toBe('private');
  });

  it('replaces the line in place and keeps comments elsewhere', () => {
    const text = '# my template\nname: a\nvisibility: private\nservices: []\n';
    expect(setYamlVisibility(text, 'org')).toBe('# my template\nname: a\nvisibility: org\nservices: []\n');
  });

  it('adds the line after version when missing', () => {
    expect(setYamlVisibility('name: a\nversion: 1.0.0\nservices: []\n', 'team')).toBe(
      'name: a\nversion: 1.0.0\nvisibility: team\nservices: []\n',
    );
  });

  it('does not touch nested keys of the same name', () => {
    const text = 'name: a\nservices:\n  - name: web\n    visibility: x\n';
    expect(setYamlVisibility(text, 'team')).toBe(
      'name: a\nvisibility: team\nservices:\n  - name: web\n    visibility: x\n',
    );
  });
});
