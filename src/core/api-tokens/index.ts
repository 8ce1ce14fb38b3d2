import { z } from 'zod';
import type { ActionContext, Role } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { NotFound } from '../../platform/errors.js';
import { hashToken, randomToken } from '../../platform/tokens.js';
import { recordAudit } from '../audit/index.js';
import { plainText } from '../../platform/fields.js';
import { createApiTokensRepository } from './api-tokens.repository.js';

const TOKEN_PREFIX = 'cg_';
/** Tokens unused for this long are not touched again; saves a write per request. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export const createTokenSchema = z.strictObject({
  name: plainText('a name for the token', 100),
  role: z.enum(['resident', 'organiser', 'officer', 'admin'], { error: 'Select a role for the token' }),
});

export function createApiTokensService(db: Db) {
  const repo = createApiTokensRepository(db);
  return {
    /** Creates a token and returns it in full: the only time anyone sees it. */
    async create(ctx: ActionContext, input: { name: string; role: Role; createdBy: string | null }) {
      const secret = TOKEN_PREFIX + randomToken();
      return db.transaction(async (tx) => {
        const token = await createApiTokensRepository(tx).insert({
          placeId: ctx.placeId,
          name: input.name,
          role: input.role,
          tokenHash: hashToken(secret),
          prefix: secret.slice(0, 10),
          createdBy: input.createdBy,
        });
        await recordAudit(tx, ctx, {
          action: 'api_token.created',
          subjectType: 'api_token',
          subjectId: token.id,
          changes: { name: input.name, role: input.role },
        });
        return { token, secret };
      });
    },
    list: (placeId: string) => repo.list(placeId),
    async revoke(ctx: ActionContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const r = createApiTokensRepository(tx);
        const token = await r.find(ctx.placeId, id);
        if (!token) throw new NotFound('There is no such token.');
        if (token.revokedAt) return;
        await r.revoke(ctx.placeId, id, new Date());
        await recordAudit(tx, ctx, { action: 'api_token.revoked', subjectType: 'api_token', subjectId: id });
      });
    },
    /** The active token for a bearer secret, only if it belongs to this place. */
    async authenticate(placeId: string, secret: string) {
      if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return undefined;
      const token = await repo.findActiveByHash(hashToken(secret));
      if (!token || token.placeId !== placeId) return undefined;
      const now = new Date();
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
        await repo.touch(placeId, token.id, now);
      }
      return token;
    },
  };
}
export type ApiTokensService = ReturnType<typeof createApiTokensService>;
