import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBoundaries, serverSources } from './boundaries';

const root = fileURLToPath(new URL('../../src/', import.meta.url));

describe('server boundaries', () => {
  it('the server keeps them: one owner per table, no Fastify below the routes', () => {
    expect(checkBoundaries(serverSources(root))).toEqual([]);
  });

  it("fails on a module importing another module's tables", () => {
    const files = [
      {
        path: 'modules/orgs/orgs.repo.ts',
        text: "import { deployments } from '../deployments/deployments.schema';",
      },
      { path: 'modules/orgs/orgs.service.ts', text: "import { organizations } from '../../db/schema';" },
    ];
    expect(checkBoundaries(files).map((v) => v.rule)).toEqual(['table-owner', 'schema-barrel']);
  });

  it('allows its own tables, and foreign keys between schema files', () => {
    const files = [
      {
        path: 'modules/orgs/orgs.repo.ts',
        text: "import { organizations, orgMembers } from './orgs.schema';",
      },
      { path: 'modules/teams/teams.schema.ts', text: "import { organizations } from '../orgs/orgs.schema';" },
    ];
    expect(checkBoundaries(files)).toEqual([]);
  });

  it('fails on a service, repository or policy that imports Fastify', () => {
    const files = [
      { path: 'modules/orgs/orgs.service.ts', text: "import type { FastifyRequest } from 'fastify';" },
      { path: 'modules/orgs/orgs.routes.ts', text: "import type { FastifyReply } from 'fastify';" },
    ];
    expect(checkBoundaries(files)).toEqual([
      { file: 'modules/orgs/orgs.service.ts', import: 'fastify', rule: 'fastify-below-routes' },
    ]);
  });
});
