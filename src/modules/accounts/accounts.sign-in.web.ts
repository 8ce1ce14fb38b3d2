import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext, linkContext, safeReturnPath } from '../../platform/auth.js';
import { NotFound, TooManyRequests } from '../../platform/errors.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import {
  forgotPasswordSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  tokenSchema,
} from '../../core/accounts/index.js';
import { pagesPaths } from '../pages/index.js';
import { accountsPaths as paths } from './accounts.paths.js';
import type { AccountWebOptions } from './accounts.web.js';
import { signInQuery, tokenQuery } from './accounts.validation.js';
import { confirmLinkView, confirmedView, wardItems } from './accounts.view-models.js';

type Values = Record<string, unknown>;

/** Creating an account, confirming its email address, signing in and out, and a forgotten password. */
export function signInWeb(app: FastifyInstance, { accounts, areas, cookie }: AccountWebOptions) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  // Sign up

  async function renderSignUp(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, values: Values = {}) {
    const wards = await areas.listWards(request.place.id);
    return reply.render('accounts/views/sign-up.njk', { errors, values, wards: wardItems(wards, values.homeAreaId) });
  }

  web.get(paths.signUp, async function showSignUp(request, reply) {
    return renderSignUp(request, reply);
  });

  web.post(paths.signUp, async function submitSignUp(request, reply) {
    return handleForm(
      reply,
      signUpSchema,
      request.body,
      async (data) => {
        await accounts.signUp(actionContext(request), data, linkContext(request));
        return paths.signUpCheckEmail;
      },
      (errors, values) => renderSignUp(request, reply, errors, values),
    );
  });

  web.get(paths.signUpCheckEmail, async function showSignUpCheckEmail(_request, reply) {
    return reply.render('accounts/views/check-email.njk', { purpose: 'sign-up' });
  });

  web.get(paths.verifyEmail, { schema: { querystring: tokenQuery } }, async function showVerifyEmail(request, reply) {
    return reply.render('accounts/views/confirm-link.njk', confirmLinkView(request.query.token, 'verify'));
  });

  web.post(paths.verifyEmail, async function submitVerifyEmail(request, reply) {
    const parsed = parseForm(tokenSchema, request.body);
    if (!parsed.ok) throw new NotFound('This link is not complete. Copy the whole link from the email and try again.');
    await accounts.verifyEmail(actionContext(request), parsed.data.token);
    return reply.render('accounts/views/done.njk', confirmedView('verify', Boolean(request.user)));
  });

  // Sign in and out

  const renderSignIn = (reply: FastifyReply, errors?: FormErrors, values: Values = {}) =>
    reply.render('accounts/views/sign-in.njk', { errors, values });

  web.get(paths.signIn, { schema: { querystring: signInQuery } }, async function showSignIn(request, reply) {
    return renderSignIn(reply, undefined, { returnTo: safeReturnPath(request.query.returnTo) });
  });

  web.post(paths.signIn, async function submitSignIn(request, reply) {
    try {
      return await handleForm(
        reply,
        signInSchema,
        request.body,
        async (data) => {
          const { sessionToken } = await accounts.signIn(actionContext(request), data.email, data.password);
          cookie.start(reply, sessionToken);
          return safeReturnPath(data.returnTo);
        },
        (errors, values) => renderSignIn(reply, errors, values),
      );
    } catch (err) {
      if (!(err instanceof TooManyRequests)) throw err;
      reply.header('retry-after', String(err.retryAfterSeconds));
      const email = (request.body as Values | undefined)?.email;
      return reply.render(
        'accounts/views/sign-in.njk',
        { errors: toFormErrors([{ field: 'email', message: err.message }]), values: { email } },
        429,
      );
    }
  });

  web.post(paths.signOut, async function submitSignOut(request, reply) {
    const token = cookie.read(request);
    if (token) await accounts.signOut(token);
    cookie.clear(reply);
    return reply.redirect(pagesPaths.home, 303);
  });

  // Forgotten password

  const renderForgot = (reply: FastifyReply, errors?: FormErrors, values: Values = {}) =>
    reply.render('accounts/views/forgot-password.njk', { errors, values });

  web.get(paths.forgotPassword, async function showForgotPassword(_request, reply) {
    return renderForgot(reply);
  });

  web.post(paths.forgotPassword, async function submitForgotPassword(request, reply) {
    return handleForm(
      reply,
      forgotPasswordSchema,
      request.body,
      async (data) => {
        await accounts.requestPasswordReset(actionContext(request), data.email, linkContext(request));
        return paths.forgotPasswordCheckEmail;
      },
      (errors, values) => renderForgot(reply, errors, values),
    );
  });

  web.get(paths.forgotPasswordCheckEmail, async function showForgotPasswordCheckEmail(_request, reply) {
    return reply.render('accounts/views/check-email.njk', { purpose: 'reset' });
  });

  const renderReset = (reply: FastifyReply, token: string, errors?: FormErrors) =>
    reply.render('accounts/views/reset-password.njk', { errors, token });

  web.get(
    paths.resetPassword,
    { schema: { querystring: tokenQuery } },
    async function showResetPassword(request, reply) {
      const { token } = request.query;
      if (token === undefined || !(await accounts.isResetTokenUsable(request.place.id, token))) {
        throw new NotFound('This password reset link has expired or has already been used. Ask for a new one.');
      }
      return renderReset(reply, token);
    },
  );

  web.post(paths.resetPassword, async function submitResetPassword(request, reply) {
    const sent = (request.body as Values | undefined)?.token;
    const token = (typeof sent === 'string' ? sent : '').slice(0, 200);
    return handleForm(
      reply,
      resetPasswordSchema,
      request.body,
      async (data) => {
        await accounts.resetPassword(actionContext(request), data.token, data.password, linkContext(request));
        return `${paths.signIn}?reset=1`;
      },
      (errors) => renderReset(reply, token, errors),
    );
  });
}
