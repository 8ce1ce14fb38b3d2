import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_LIFETIME_MS, sessionCookieName } from '../../core/accounts/index.js';

/**
 * The session cookie as the sign-in and account pages handle it: out of reach of scripts, sent
 * to other sites only on plain links, for the whole site, for as long as a session lives.
 */
export function sessionCookie(secure: boolean) {
  const name = sessionCookieName(secure);
  const options = { httpOnly: true, secure, sameSite: 'lax' as const, path: '/' };
  return {
    start: (reply: FastifyReply, token: string) =>
      reply.setCookie(name, token, { ...options, maxAge: SESSION_LIFETIME_MS / 1000 }),
    clear: (reply: FastifyReply) => reply.clearCookie(name, options),
    read: (request: FastifyRequest): string | undefined => request.cookies[name],
  };
}

export type SessionCookie = ReturnType<typeof sessionCookie>;
