import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { desc } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { devMailbox } from './mail.schema';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** `smtp` (nodemailer), `sendgrid` (HTTP API) or `dev` (stored in dev_mailbox and logged). */
  readonly kind: 'smtp' | 'sendgrid' | 'dev';
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

export interface MailConfig {
  smtpUrl?: string | undefined;
  sendgridApiKey?: string | undefined;
  /** SendGrid API base URL (override for tests); default https://api.sendgrid.com */
  sendgridApiBase?: string | undefined;
  from: string;
}

/** Mail through SMTP (nodemailer). */
function smtpMailer(cfg: MailConfig & { smtpUrl: string }): Mailer {
  const transport = nodemailer.createTransport(cfg.smtpUrl);
  return {
    kind: 'smtp',
    async send(m) {
      await transport.sendMail({
        from: cfg.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
      });
    },
    async close() {
      transport.close();
    },
  };
}

/** "Name <addr>" → { email, name } as SendGrid wants it. */
function parseAddress(from: string): { email: string; name?: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return match ? { email: match[2]!, ...(match[1] ? { name: match[1] } : {}) } : { email: from.trim() };
}

/** Mail through SendGrid's v3 HTTP API (POST /v3/mail/send). */
function sendgridMailer(cfg: MailConfig & { sendgridApiKey: string }, fetchImpl: typeof fetch): Mailer {
  const base = (cfg.sendgridApiBase ?? 'https://api.sendgrid.com').replace(/\/$/, '');
  return {
    kind: 'sendgrid',
    async send(m) {
      const content = [
        { type: 'text/plain', value: m.text },
        ...(m.html ? [{ type: 'text/html', value: m.html }] : []),
      ];
      const res = await fetchImpl(`${base}/v3/mail/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cfg.sendgridApiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: m.to }] }],
          from: parseAddress(cfg.from),
          subject: m.subject,
          content,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) {
        // The body names the problem (e.g. an unverified sender); it never echoes the key.
        const detail = (await res.text()).slice(0, 300);
        throw new Error(`SendGrid answered ${res.status}: ${detail}`);
      }
    },
    async close() {},
  };
}

/** With neither SMTP nor SendGrid configured: mail goes to the dev mailbox table and the log. */
function devMailer(db: Db, logger: Logger): Mailer {
  return {
    kind: 'dev',
    async send(m) {
      await db
        .insert(devMailbox)
        .values({ to: m.to, subject: m.subject, text: m.text, html: m.html ?? null });
      logger.info(
        { to: m.to, subject: m.subject, text: m.text },
        'mail not sent (no SMTP_URL or SENDGRID_API_KEY): stored in the dev mailbox',
      );
    },
    async close() {},
  };
}

/** Chooses the mail transport from configuration: SMTP, else SendGrid, else the dev mailbox. */
export function createMailer(
  cfg: MailConfig,
  deps: { db: Db; logger: Logger; fetch?: typeof fetch },
): Mailer {
  if (cfg.smtpUrl) return smtpMailer({ ...cfg, smtpUrl: cfg.smtpUrl });
  if (cfg.sendgridApiKey)
    return sendgridMailer({ ...cfg, sendgridApiKey: cfg.sendgridApiKey }, deps.fetch ?? fetch);
  return devMailer(deps.db, deps.logger);
}

/** The dev mailbox, newest first. */
export async function listDevMailbox(db: Db, limit = 50) {
  const rows = await db.select().from(devMailbox).orderBy(desc(devMailbox.id)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    to: r.to,
    subject: r.subject,
    text: r.text,
    html: r.html,
    createdAt: r.createdAt.toISOString(),
  }));
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The invitation email, in the client's branding. */
export function invitationMail(input: {
  to: string;
  brand: string;
  primaryColor: string;
  inviter: string;
  orgName: string;
  teamName: string | null;
  link: string;
  expiresAt: Date;
}): MailMessage {
  const where = input.teamName ? `the team ${input.teamName} of ${input.orgName}` : input.orgName;
  const text =
    `${input.inviter} invited you to join ${where} on ${input.brand}.\n\n` +
    `Accept the invitation: ${input.link}\n\n` +
    `The link expires on ${input.expiresAt.toUTCString()}. If you did not expect this email, ignore it.\n`;
  const html =
    `<p>${escapeHtml(input.inviter)} invited you to join ${escapeHtml(where)} on ${escapeHtml(input.brand)}.</p>` +
    `<p><a href="${escapeHtml(input.link)}" style="background:${escapeHtml(input.primaryColor)};color:#fff;padding:8px 16px;border-radius:6px;text-decoration:none">Accept the invitation</a></p>` +
    `<p>The link expires on ${escapeHtml(input.expiresAt.toUTCString())}.</p>`;
  return { to: input.to, subject: `Join ${input.orgName} on ${input.brand}`, text, html };
}
