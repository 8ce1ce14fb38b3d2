import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db.js';
import { createMailRepository } from './mail.repository.js';

export type Message = { to: string; subject: string; body: string };

export type MailOptions = { smtpUrl: string | undefined; from: string; logger: Logger };

/**
 * Every message is written to the outbox first, so there is always a record of what was sent.
 * With SMTP_URL it is then sent at once; without, the outbox is the delivery and admins read it in the service.
 */
export function createMailService(db: Db, opts: MailOptions) {
  const repo = createMailRepository(db);
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  return {
    usesSmtp: Boolean(transport),
    async send(placeId: string, message: Message): Promise<void> {
      const row = await repo.insert({
        placeId,
        toAddress: message.to,
        subject: message.subject,
        body: message.body,
        transport: transport ? 'smtp' : 'outbox',
      });
      if (!transport) return;
      try {
        await transport.sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.body });
        await repo.markSent(placeId, row.id, new Date());
      } catch (err) {
        // The user's action has already succeeded; a failed send is logged and shown in the outbox, not thrown.
        const text = err instanceof Error ? err.message : String(err);
        opts.logger.error({ err, outboxId: row.id }, 'SMTP send failed');
        await repo.markFailed(placeId, row.id, text.slice(0, 500));
      }
    },
    list: (placeId: string, limit = 50, offset = 0) => repo.list(placeId, limit, offset),
    find: (placeId: string, id: string) => repo.find(placeId, id),
  };
}
export type MailService = ReturnType<typeof createMailService>;
