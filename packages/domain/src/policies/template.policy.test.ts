import { describe, expect, it } from 'vitest';
import { decide, enforce } from '../policy';
import { ForbiddenError, NotFoundError } from '../errors';
import { makeSubject } from '../subject';
import { seesTemplate, templateAbilitiesOf, templatePolicy, type TemplateFacts } from './template.policy';

const CLIENT = 'client-a';
const tpl = (t: Partial<TemplateFacts> & Pick<TemplateFacts, 'visibility'>): TemplateFacts => ({
  clientId: CLIENT,
  orgId: 'org-1',
  teamId: t.visibility === 'org' || t.visibility === 'system' ? null : 'team-1',
  authorId: 'author',
  ...t,
});
const system = tpl({ visibility: 'system', clientId: null, orgId: null, authorId: null });
const orgT = tpl({ visibility: 'org' });
const teamT = tpl({ visibility: 'team' });
const privateT = tpl({ visibility: 'private' });

const owner = makeSubject({ userId: 'owner', orgRoles: { 'org-1': 'org_owner' } });
const member = makeSubject({ userId: 'member', orgRoles: { 'org-1': 'org_member' } });
const developer = makeSubject({ userId: 'dev', teamRoles: { 'team-1': ['developer', 'org-1'] } });
const otherTeam = makeSubject({
  userId: 'other',
  orgRoles: { 'org-1': 'org_member' },
  teamRoles: { 'team-2': ['team_admin', 'org-1'] },
});
const author = makeSubject({ userId: 'author', teamRoles: { 'team-1': ['developer', 'org-1'] } });
const outsider = makeSubject({ userId: 'outsider', orgRoles: { 'org-9': 'org_owner' } });
const clientAdmin = makeSubject({ userId: 'ca', clientAdminOf: CLIENT });
const platformAdmin = makeSubject({ userId: 'root', isPlatformAdmin: true });

describe('templatePolicy', () => {
  it('the system catalog is visible to every signed-in user, and readable', () => {
    for (const s of [owner, outsider, clientAdmin, platformAdmin])
      expect(decide(templatePolicy, s, system, 'templates:read')).toBe('allowed');
  });

  it('an org template: visible to roles in its org; a team-only role, another org, a client admin: not found', () => {
    expect(decide(templatePolicy, owner, orgT, 'templates:read')).toBe('allowed');
    expect(decide(templatePolicy, member, orgT, 'templates:read')).toBe('allowed');
    for (const s of [developer, outsider, clientAdmin, platformAdmin])
      expect(decide(templatePolicy, s, orgT)).toBe('not_found');
  });

  it('a team template: visible to its team and the owners/admins of its org; an org member of another team: not found', () => {
    expect(seesTemplate(developer, teamT)).toBe(true);
    expect(seesTemplate(owner, teamT)).toBe(true);
    expect(seesTemplate(member, teamT)).toBe(false);
    expect(seesTemplate(otherTeam, teamT)).toBe(false);
    expect(seesTemplate(outsider, teamT)).toBe(false);
  });

  it('a private template: its author only, not even the org owner or a platform admin', () => {
    expect(seesTemplate(author, privateT)).toBe(true);
    for (const s of [owner, developer, platformAdmin]) expect(seesTemplate(s, privateT)).toBe(false);
    expect(() => enforce(templatePolicy, owner, privateT)).toThrow(NotFoundError);
  });

  it('another client’s template with the same org id shape is not seen by a client admin of this one', () => {
    const elsewhere = tpl({ visibility: 'org', clientId: 'client-b', orgId: 'org-b' });
    expect(decide(templatePolicy, clientAdmin, elsewhere)).toBe('not_found');
    expect(decide(templatePolicy, owner, elsewhere)).toBe('not_found');
  });

  it('visible but not permitted: forbidden (write at the template’s visibility)', () => {
    expect(decide(templatePolicy, member, orgT, 'templates:write:org')).toBe('forbidden');
    expect(() => enforce(templatePolicy, developer, teamT, 'templates:write:team')).toThrow(ForbiddenError);
    expect(decide(templatePolicy, owner, orgT, 'templates:write:org')).toBe('allowed');
  });

  it('an API key narrows: without templates:read the catalog is forbidden, not hidden', () => {
    const key = makeSubject({
      userId: 'owner',
      orgRoles: { 'org-1': 'org_owner' },
      apiKeyScopes: ['deployments:read'],
    });
    expect(decide(templatePolicy, key, system, 'templates:read')).toBe('forbidden');
    expect(decide(templatePolicy, key, orgT, 'templates:read')).toBe('forbidden');
    const writer = makeSubject({
      userId: 'owner',
      orgRoles: { 'org-1': 'org_owner' },
      apiKeyScopes: ['templates:write'],
    });
    expect(decide(templatePolicy, writer, orgT, 'templates:read')).toBe('allowed');
  });

  it('abilities: read, and the write permission of the template’s own visibility only', () => {
    expect(templateAbilitiesOf(owner, orgT)).toEqual(['templates:read', 'templates:write:org']);
    expect(templateAbilitiesOf(developer, teamT)).toEqual(['templates:read']);
    expect(templateAbilitiesOf(author, privateT)).toEqual(['templates:read', 'templates:write:private']);
    expect(templateAbilitiesOf(owner, system)).toEqual(['templates:read']);
  });
});
