import { z } from 'zod';
import {
  createInvitationBodySchema,
  devMailboxSchema,
  invitationAcceptedSchema,
  invitationListSchema,
  invitationParamsSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenParamsSchema,
  orgIdParamsSchema,
  problemSchema,
} from '@k8s-scheduler/contracts';
import { NotFoundError } from '@k8s-scheduler/domain';
import { requireAuth } from '../auth/auth.plugin';
import { createMailer, listDevMailbox } from '../mail/mail';
import type { FeatureModule } from '../registry';
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from './invitations.service';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const tags = ['invitations'];

/** Invitations by email, and the dev mailbox when no mail transport is configured. */
export const invitationsModule: FeatureModule = async (app, { db, config, logger }) => {
  const mailer = createMailer(config.mail, { db, logger });
  app.addHook('onClose', async () => mailer.close());
  const deps = {
    db,
    mailer,
    publicUrl: config.publicUrl,
    ttlSeconds: config.invitations.ttlSeconds,
    branding: config.branding,
  };

  app.post(
    '/api/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by email (to a team, or to the org)',
        params: orgIdParamsSchema,
        body: createInvitationBodySchema,
        response: { 201: invitationSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createInvitation(deps, request, request.params.orgId, request.body)),
  );

  app.get(
    '/api/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Pending invitations you can manage',
        params: orgIdParamsSchema,
        response: { 200: invitationListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listInvitations(db, request, request.params.orgId) }),
  );

  app.delete(
    '/api/orgs/:orgId/invitations/:invitationId',
    {
      schema: {
        tags,
        summary: 'Revoke a pending invitation',
        params: invitationParamsSchema,
        response: { 204: z.null().describe('No content'), ...errors },
      },
    },
    async (request, reply) => {
      await revokeInvitation(db, request, request.params.orgId, request.params.invitationId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/invitations/:token',
    {
      schema: {
        tags,
        summary: 'Preview an invitation (the token is the credential; no sign-in needed)',
        params: invitationTokenParamsSchema,
        response: { 200: invitationPreviewSchema, 404: problemSchema },
      },
    },
    async (request) => previewInvitation(db, request, request.params.token),
  );

  app.post(
    '/api/invitations/:token/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation as the signed-in user',
        params: invitationTokenParamsSchema,
        response: { 200: invitationAcceptedSchema, ...errors },
      },
    },
    async (request) => {
      requireAuth(request);
      return acceptInvitation(db, request, request.params.token);
    },
  );

  app.get(
    '/dev/mailbox',
    {
      schema: {
        tags: ['dev'],
        summary: 'Mail stored while no SMTP/SendGrid is configured (dev mode only)',
        response: { 200: devMailboxSchema, 404: problemSchema },
      },
    },
    async () => {
      if (!config.dev.enabled || mailer.kind !== 'dev')
        throw new NotFoundError(
          'mailbox',
          'The dev mailbox exists only in dev mode without a mail transport.',
        );
      return { items: await listDevMailbox(db) };
    },
  );
};
