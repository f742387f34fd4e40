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
} from '@k8s-scheduler/contracts';
import { NotFoundError } from '@k8s-scheduler/domain';
import { routes } from '../../http/route';
import { createMailer, listDevMailbox } from '../mail/mail';
import type { FeatureModule } from '../registry';
import { createInvitationsService } from './invitations.service';

/** Invitations by email, and the dev mailbox when no mail transport is configured. */
export const invitationsModule: FeatureModule = async (app, { db, config, logger }) => {
  const mailer = createMailer(config.mail, { db, logger });
  app.addHook('onClose', async () => mailer.close());
  const invitations = createInvitationsService({
    db,
    mailer,
    publicUrl: config.publicUrl,
    ttlSeconds: config.invitations.ttlSeconds,
    branding: config.branding,
  });
  const r = routes(app, { tags: ['invitations'] });

  r.post(
    '/api/orgs/:orgId/invitations',
    {
      summary: 'Invite someone by email (to a team, or to the org)',
      params: orgIdParamsSchema,
      body: createInvitationBodySchema,
      response: invitationSchema,
      status: 201,
    },
    (ctx, { params, body }, { request }) =>
      invitations.create(ctx, {
        orgId: params.orgId,
        ...body,
        origin: `${request.protocol}://${request.host}`,
      }),
  );
  r.get(
    '/api/orgs/:orgId/invitations',
    {
      summary: 'Pending invitations you can manage',
      params: orgIdParamsSchema,
      response: invitationListSchema,
    },
    async (ctx, { params }) => ({ items: await invitations.list(ctx, params.orgId) }),
  );
  r.deleteNoContent(
    '/api/orgs/:orgId/invitations/:invitationId',
    { summary: 'Revoke a pending invitation', params: invitationParamsSchema },
    (ctx, { params }) => invitations.revoke(ctx, params),
  );
  r.get(
    '/api/invitations/:token',
    {
      summary: 'Preview an invitation (the token is the credential; no sign-in needed)',
      params: invitationTokenParamsSchema,
      response: invitationPreviewSchema,
    },
    (ctx, { params }) => invitations.preview(ctx, params.token),
  );
  r.post(
    '/api/invitations/:token/accept',
    {
      summary: 'Accept an invitation as the signed-in user',
      params: invitationTokenParamsSchema,
      response: invitationAcceptedSchema,
    },
    (ctx, { params }) => invitations.accept(ctx, params.token),
  );
  r.get(
    '/dev/mailbox',
    {
      tags: ['dev'],
      summary: 'Mail stored while no SMTP/SendGrid is configured (dev mode only)',
      response: devMailboxSchema,
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
