import { describe, expect, it } from 'vitest';
import { abilities, authorize, authorizeOrgMemberChange, can } from './authorize';
import { makeSubject, type Subject } from './subject';
import { ForbiddenError } from './errors';
import { PERMISSIONS, type Permission } from './permissions';
import { API_KEY_SCOPES, type OrgRole, type TeamRole } from './roles';

/** PRODUCT.md §2, transcribed column by column: owner, admin, member, team_admin, developer, viewer. */
const MATRIX: Record<Permission, string> = {
  'org:read': 'YYY---',
  'org:update': 'YY----',
  'org:delete': 'Y-----',
  'org:transfer': 'Y-----',
  'billing:manage': 'Y-----',
  'billing:read': 'YY----',
  'org:members:manage': 'YY----',
  'team:create': 'YY----',
  'team:delete': 'YY----',
  'team:read': 'YY-YYY',
  'team:members:manage': 'YY-Y--',
  'deploy:read': 'YY-YYY',
  'logs:read': 'YY-YYY',
  'metrics:read': 'YY-YYY',
  'deploy:create': 'YY-YY-',
  'deploy:update': 'YY-YY-',
  'deploy:restart': 'YY-YY-',
  'deploy:delete': 'YY-YY-',
  'secrets:read': 'YY-YY-',
  'secrets:write': 'YY-Y--',
  'org:secrets:write': 'YY----',
  'templates:read': 'YYYYYY',
  'templates:write:private': 'YY-YY-',
  'templates:write:team': 'YY-Y--',
  'templates:write:org': 'YY----',
  'templates:write:system': '------',
  'audit:read': 'YY----',
  'apikeys:manage': 'YYYYYY',
  'org:tier:set': '------',
  'client:read': '------',
  'client:update': '------',
  'client:create': '------',
  'client:delete': '------',
};

const COLUMNS = ['org_owner', 'org_admin', 'org_member', 'team_admin', 'developer', 'viewer'] as const;
const scope = { orgId: 'o1', teamId: 't1', clientId: 'c1' };

function subjectFor(role: OrgRole | TeamRole, extra: Partial<Subject> = {}): Subject {
  const isOrgRole = role.startsWith('org_');
  return {
    ...makeSubject({
      userId: 'u1',
      orgRoles: isOrgRole ? { o1: role as OrgRole } : {},
      teamRoles: isOrgRole ? {} : { t1: [role as TeamRole, 'o1'] },
    }),
    ...extra,
  };
}

const cases = PERMISSIONS.flatMap((permission) =>
  COLUMNS.map((role, i) => ({ permission, role, allowed: MATRIX[permission][i] === 'Y' })),
);

describe('the permission matrix', () => {
  it('covers every permission', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...PERMISSIONS].sort());
  });

  it.each(cases)('$role → $permission: $allowed', ({ permission, role, allowed }) => {
    expect(can(subjectFor(role), permission, scope)).toBe(allowed);
    if (allowed) expect(() => authorize(subjectFor(role), permission, scope)).not.toThrow();
    else expect(() => authorize(subjectFor(role), permission, scope)).toThrow(ForbiddenError);
  });

  it.each(PERMISSIONS)('platform_admin → %s', (permission) => {
    expect(can(makeSubject({ userId: 'p', isPlatformAdmin: true }), permission, scope)).toBe(true);
  });
});

describe('tenant boundaries', () => {
  it.each(COLUMNS)('%s on another org or team grants nothing here (except self permissions)', (role) => {
    const subject = subjectFor(role);
    const elsewhere = { orgId: 'o2', teamId: 't2' };
    expect(abilities(subject, elsewhere, PERMISSIONS)).toEqual(['apikeys:manage']);
  });

  it('org_member reads only its own teams', () => {
    const member = makeSubject({ userId: 'u', orgRoles: { o1: 'org_member' }, teamRoles: { t1: 'viewer' } });
    expect(can(member, 'team:read', { orgId: 'o1', teamId: 't1' })).toBe(true);
    expect(can(member, 'team:read', { orgId: 'o1', teamId: 't2' })).toBe(false);
    expect(can(member, 'deploy:read', { orgId: 'o1', teamId: 't2' })).toBe(false);
  });

  it('a team role needs the owning org in scope', () => {
    expect(can(subjectFor('team_admin'), 'deploy:read', { teamId: 't1' })).toBe(false);
  });

  it('org owners and admins act as team_admin on every team of their org', () => {
    for (const role of ['org_owner', 'org_admin'] as const) {
      expect(can(subjectFor(role), 'team:members:manage', { orgId: 'o1', teamId: 'any-team' })).toBe(true);
    }
  });

  it('does not treat inherited object keys as roles', () => {
    expect(can(subjectFor('org_owner'), 'org:read', { orgId: 'toString' })).toBe(false);
  });
});

describe('client_admin', () => {
  const clientAdmin = makeSubject({ userId: 'ca', clientAdminOf: 'c1' });
  it('manages its client and sees its orgs', () => {
    expect(abilities(clientAdmin, { clientId: 'c1', orgId: 'o1' }, PERMISSIONS)).toEqual([
      'org:read',
      'org:tier:set',
      'billing:read',
      'team:read',
      'apikeys:manage',
      'client:read',
      'client:update',
    ]);
  });
  it('has no rights in another client', () => {
    expect(can(clientAdmin, 'org:read', { clientId: 'c2', orgId: 'o9' })).toBe(false);
    expect(can(clientAdmin, 'client:update', { clientId: 'c2' })).toBe(false);
  });
});

describe('templates', () => {
  it('the system catalog is readable by any signed-in user', () => {
    expect(can(makeSubject({ userId: 'x' }), 'templates:read', {})).toBe(true);
  });
  it('private templates are writable by their author only', () => {
    const dev = subjectFor('developer');
    expect(can(dev, 'templates:write:private', { ...scope, ownerUserId: 'u1' })).toBe(true);
    expect(can(dev, 'templates:write:private', { ...scope, ownerUserId: 'someone-else' })).toBe(false);
  });
});

describe('API key scopes narrow, never widen', () => {
  const owner = subjectFor('org_owner');
  it.each([
    { scopes: ['deployments:read'], permission: 'deploy:read', allowed: true },
    { scopes: ['deployments:read'], permission: 'logs:read', allowed: true },
    { scopes: ['deployments:read'], permission: 'deploy:create', allowed: false },
    { scopes: ['deployments:write'], permission: 'deploy:read', allowed: true },
    { scopes: ['deployments:write'], permission: 'deploy:delete', allowed: true },
    { scopes: ['templates:write'], permission: 'deploy:read', allowed: false },
    { scopes: ['secrets:write'], permission: 'org:secrets:write', allowed: true },
    { scopes: ['org:read'], permission: 'org:update', allowed: false },
    { scopes: ['org:write'], permission: 'org:transfer', allowed: true },
    { scopes: ['audit:read'], permission: 'audit:read', allowed: true },
    { scopes: [...API_KEY_SCOPES], permission: 'apikeys:manage', allowed: false },
    { scopes: [], permission: 'org:read', allowed: false },
  ] as const)('$scopes → $permission: $allowed', ({ scopes, permission, allowed }) => {
    expect(can({ ...owner, apiKeyScopes: scopes }, permission, scope)).toBe(allowed);
  });

  it('a key cannot exceed its owner’s roles', () => {
    const viewer = { ...subjectFor('viewer'), apiKeyScopes: [...API_KEY_SCOPES] };
    expect(can(viewer, 'deploy:create', scope)).toBe(false);
    expect(can(viewer, 'deploy:read', scope)).toBe(true);
  });

  it('says when the key, not the role, is missing the right', () => {
    expect(() => authorize({ ...owner, apiKeyScopes: ['deployments:read'] }, 'deploy:create', scope)).toThrow(
      /API key lacks the scope deployments:write/,
    );
  });
});

describe('authorizeOrgMemberChange', () => {
  it.each([
    { actor: 'org_owner', target: 'org_member', newRole: 'org_admin', ok: true },
    { actor: 'org_admin', target: 'org_member', newRole: 'org_admin', ok: true },
    { actor: 'org_admin', target: 'org_admin', newRole: null, ok: true },
    { actor: 'org_admin', target: 'org_owner', newRole: null, ok: false },
    { actor: 'org_owner', target: 'org_owner', newRole: 'org_admin', ok: false },
    { actor: 'org_owner', target: 'org_admin', newRole: 'org_owner', ok: false },
    { actor: 'org_member', target: 'org_member', newRole: null, ok: false },
  ] as const)('$actor changes $target → $newRole: $ok', ({ actor, target, newRole, ok }) => {
    const run = () => authorizeOrgMemberChange(subjectFor(actor), 'o1', { targetRole: target, newRole });
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(ForbiddenError);
  });
});
