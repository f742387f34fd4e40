import { describe, expect, it } from 'vitest';
import {
  API_KEY_SCOPES,
  ASSIGNABLE_ORG_ROLES,
  CUSTOM_TEMPLATE_SCOPES,
  ISOLATIONS,
  ORG_ROLES,
  SECRET_TIERS,
  SUPPORT_LEVELS,
  TEAM_ROLES,
  TEMPLATE_VISIBILITIES,
  TIERS,
} from '@k8s-scheduler/domain';
import { apiKeyScopeSchema } from './apikeys';
import { planLimitsSchema, planSchema } from './clients';
import { membershipOrgSchema, orgRoleSchema, teamRoleSchema } from './me';
import { secretTierSchema } from './secrets';
import { templateVisibilitySchema } from './templates';
import { assignableOrgRoleSchema, tierSchema } from './tenancy';

describe("contracts' enums are the domain's", () => {
  it.each([
    ['apiKeyScopeSchema', apiKeyScopeSchema.options, API_KEY_SCOPES],
    ['orgRoleSchema', orgRoleSchema.options, ORG_ROLES],
    ['teamRoleSchema', teamRoleSchema.options, TEAM_ROLES],
    ['assignableOrgRoleSchema', assignableOrgRoleSchema.options, ASSIGNABLE_ORG_ROLES],
    ['tierSchema', tierSchema.options, TIERS],
    ['membershipOrgSchema.tier', membershipOrgSchema.shape.tier.options, TIERS],
    ['secretTierSchema', secretTierSchema.options, SECRET_TIERS],
    ['templateVisibilitySchema', templateVisibilitySchema.options, TEMPLATE_VISIBILITIES],
    ['planSchema.isolation', planSchema.shape.isolation.options, ISOLATIONS],
    ['planSchema.support', planSchema.shape.support.options, SUPPORT_LEVELS],
    [
      'planSchema.customTemplateScopes',
      planSchema.shape.customTemplateScopes.unwrap().element.options,
      CUSTOM_TEMPLATE_SCOPES,
    ],
    [
      'planLimitsSchema.customTemplateScopes',
      planLimitsSchema.shape.customTemplateScopes.unwrap().element.options,
      CUSTOM_TEMPLATE_SCOPES,
    ],
  ])('%s', (_name, options, values) => {
    expect(options).toEqual([...values]);
  });
});
