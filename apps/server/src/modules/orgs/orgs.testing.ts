/**
 * Test helper: the problem a free org answers when one more member would join it (one member
 * allowed, the owner is it; the business tier lifts the limit).
 */
export const FREE_MEMBERS_LIMIT_PROBLEM = {
  code: 'limit_exceeded',
  limit: 'members',
  current: 1,
  max: 1,
  liftedBy: 'business',
} as const;
