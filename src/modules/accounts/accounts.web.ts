import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actionContext, linkContext, requireUser, safeReturnPath } from '../../platform/auth.js';
import { NotFound, TooManyRequests } from '../../platform/errors.js';
import { handleForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { paths } from '../../platform/paths.js';
import type { AreasService } from '../../core/areas/index.js';
import type { AccountsService } from '../../core/accounts/index.js';
import {
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  detailsSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  tokenSchema,
} from '../../core/accounts/index.js';

export type AccountsWebOptions = {
  accounts: AccountsService;
  areas: AreasService;
  sessionCookie: string;
  cookieSecure: boolean;
};

type Errors = FormErrors | undefined;

export async function accountsWeb(app: FastifyInstance, opts: AccountsWebOptions) {
  const { accounts, areas, sessionCookie } = opts;
  const cookieOptions = {
    httpOnly: true,
    secure: opts.cookieSecure,
    sameSite: 'lax' as const,
    path: '/',
  };

  async function wardItems(request: FastifyRequest, selected: unknown) {
    const wards = await areas.listWards(request.place.id);
    return [
      { value: '', text: 'Choose your ward (optional)' },
      ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === selected })),
    ];
  }

  function startSession(reply: FastifyReply, token: string) {
    reply.setCookie(sessionCookie, token, { ...cookieOptions, maxAge: 14 * 24 * 60 * 60 });
  }

  // Sign up

  const showSignUp = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: Errors,
    values: Record<string, unknown> = {},
  ) =>
    reply.render('accounts/views/sign-up.njk', { errors, values, wards: await wardItems(request, values.homeAreaId) });

  app.get(paths.signUp, async (request, reply) => showSignUp(request, reply));
  app.post(paths.signUp, async (request, reply) =>
    handleForm(
      reply,
      signUpSchema,
      request.body,
      async (data) => {
        await accounts.signUp(actionContext(request), data, linkContext(request));
        return paths.signUpCheckEmail;
      },
      (errors, values) => showSignUp(request, reply, errors, values),
    ),
  );
  app.get(paths.signUpCheckEmail, async (_request, reply) =>
    reply.render('accounts/views/check-email.njk', { purpose: 'sign-up' }),
  );

  // Email verification: the link shows a button, so mail scanners that follow links don't use it up.

  app.get(paths.verifyEmail, async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    return reply.render('accounts/views/confirm-link.njk', {
      token: typeof token === 'string' ? token.slice(0, 200) : '',
      action: paths.verifyEmail,
      heading: 'Confirm your email address',
      button: 'Confirm my email address',
    });
  });
  app.post(paths.verifyEmail, async (request, reply) => {
    const parsed = tokenSchema.safeParse(stripCsrf(request.body));
    if (!parsed.success)
      throw new NotFound('This link is not complete. Copy the whole link from the email and try again.');
    await accounts.verifyEmail(actionContext(request), parsed.data.token);
    return reply.render('accounts/views/done.njk', {
      heading: 'Email address confirmed',
      body: 'Thank you. Your email address is confirmed.',
      next: request.user
        ? { href: paths.account, text: 'Go to your account' }
        : { href: paths.signIn, text: 'Sign in' },
    });
  });

  // Sign in and out

  const showSignIn = (reply: FastifyReply, errors?: Errors, values: Record<string, unknown> = {}) =>
    reply.render('accounts/views/sign-in.njk', { errors, values });

  app.get(paths.signIn, async (request, reply) => {
    const returnTo = safeReturnPath((request.query as Record<string, unknown>).returnTo);
    return showSignIn(reply, undefined, { returnTo });
  });
  app.post(paths.signIn, async (request, reply) => {
    try {
      return await handleForm(
        reply,
        signInSchema,
        request.body,
        async (data) => {
          const { sessionToken } = await accounts.signIn(actionContext(request), data.email, data.password);
          startSession(reply, sessionToken);
          return safeReturnPath(data.returnTo);
        },
        (errors, values) => showSignIn(reply, errors, values),
      );
    } catch (err) {
      if (err instanceof TooManyRequests) {
        reply.header('retry-after', String(err.retryAfterSeconds));
        return reply.render(
          'accounts/views/sign-in.njk',
          {
            errors: toFormErrors([{ field: 'email', message: err.message }]),
            values: { email: (request.body as Record<string, unknown>)?.email },
          },
          429,
        );
      }
      throw err;
    }
  });
  app.post(paths.signOut, async (request, reply) => {
    const token = request.cookies[sessionCookie];
    if (token) await accounts.signOut(token);
    reply.clearCookie(sessionCookie, cookieOptions);
    return reply.redirect(paths.home, 303);
  });

  // Forgotten password

  const showForgot = (reply: FastifyReply, errors?: Errors, values: Record<string, unknown> = {}) =>
    reply.render('accounts/views/forgot-password.njk', { errors, values });
  app.get(paths.forgotPassword, async (_request, reply) => showForgot(reply));
  app.post(paths.forgotPassword, async (request, reply) =>
    handleForm(
      reply,
      forgotPasswordSchema,
      request.body,
      async (data) => {
        await accounts.requestPasswordReset(actionContext(request), data.email, linkContext(request));
        return paths.forgotPasswordCheckEmail;
      },
      (errors, values) => showForgot(reply, errors, values),
    ),
  );
  app.get(paths.forgotPasswordCheckEmail, async (_request, reply) =>
    reply.render('accounts/views/check-email.njk', { purpose: 'reset' }),
  );

  const showReset = (reply: FastifyReply, token: string, errors?: Errors) =>
    reply.render('accounts/views/reset-password.njk', { errors, token });
  app.get(paths.resetPassword, async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    if (typeof token !== 'string' || !(await accounts.isResetTokenUsable(request.place.id, token))) {
      throw new NotFound('This password reset link has expired or has already been used. Ask for a new one.');
    }
    return showReset(reply, token);
  });
  app.post(paths.resetPassword, async (request, reply) => {
    const token = String((request.body as Record<string, unknown>)?.token ?? '').slice(0, 200);
    return handleForm(
      reply,
      resetPasswordSchema,
      request.body,
      async (data) => {
        await accounts.resetPassword(actionContext(request), data.token, data.password, linkContext(request));
        return `${paths.signIn}?reset=1`;
      },
      (errors) => showReset(reply, token, errors),
    );
  });

  // Your account

  app.get(paths.account, async (request, reply) => {
    const user = requireUser(request);
    const person = await accounts.findPerson(request.place.id, user.id);
    if (!person) throw new NotFound();
    const ward = person.homeAreaId ? await areas.findInPlace(request.place.id, person.homeAreaId) : undefined;
    return reply.render('accounts/views/account.njk', { person, ward });
  });

  const showDetails = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: Errors,
    values?: Record<string, unknown>,
  ) => {
    const user = requireUser(request);
    const person = await accounts.findPerson(request.place.id, user.id);
    const v = values ?? { displayName: person?.displayName, homeAreaId: person?.homeAreaId ?? '' };
    return reply.render('accounts/views/details.njk', {
      errors,
      values: v,
      wards: await wardItems(request, v.homeAreaId),
    });
  };
  app.get(paths.accountDetails, async (request, reply) => showDetails(request, reply));
  app.post(paths.accountDetails, async (request, reply) => {
    const user = requireUser(request);
    return handleForm(
      reply,
      detailsSchema,
      request.body,
      async (data) => {
        await accounts.updateDetails(actionContext(request), user.id, data);
        return `${paths.account}?updated=details`;
      },
      (errors, values) => showDetails(request, reply, errors, values),
    );
  });

  const showEmail = (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: Errors,
    values: Record<string, unknown> = {},
  ) => {
    requireUser(request);
    return reply.render('accounts/views/change-email.njk', { errors, values });
  };
  app.get(paths.accountEmail, async (request, reply) => showEmail(request, reply));
  app.post(paths.accountEmail, async (request, reply) => {
    const user = requireUser(request);
    return handleForm(
      reply,
      changeEmailSchema,
      request.body,
      async (data) => {
        await accounts.requestEmailChange(actionContext(request), user.id, data, linkContext(request));
        return paths.accountEmailCheck;
      },
      (errors, values) => showEmail(request, reply, errors, values),
    );
  });
  app.get(paths.accountEmailCheck, async (request, reply) => {
    requireUser(request);
    return reply.render('accounts/views/check-email.njk', { purpose: 'change-email' });
  });
  app.get(paths.confirmEmail, async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    return reply.render('accounts/views/confirm-link.njk', {
      token: typeof token === 'string' ? token.slice(0, 200) : '',
      action: paths.confirmEmail,
      heading: 'Confirm your new email address',
      button: 'Confirm my new email address',
    });
  });
  app.post(paths.confirmEmail, async (request, reply) => {
    const parsed = tokenSchema.safeParse(stripCsrf(request.body));
    if (!parsed.success)
      throw new NotFound('This link is not complete. Copy the whole link from the email and try again.');
    await accounts.confirmEmailChange(actionContext(request), parsed.data.token);
    return reply.render('accounts/views/done.njk', {
      heading: 'Email address changed',
      body: 'Your new email address is confirmed. Use it from now on to sign in.',
      next: request.user
        ? { href: paths.account, text: 'Go to your account' }
        : { href: paths.signIn, text: 'Sign in' },
    });
  });

  const showPassword = (request: FastifyRequest, reply: FastifyReply, errors?: Errors) => {
    requireUser(request);
    return reply.render('accounts/views/change-password.njk', { errors });
  };
  app.get(paths.accountPassword, async (request, reply) => showPassword(request, reply));
  app.post(paths.accountPassword, async (request, reply) => {
    const user = requireUser(request);
    return handleForm(
      reply,
      changePasswordSchema,
      request.body,
      async (data) => {
        await accounts.changePassword(
          actionContext(request),
          user.id,
          data,
          request.cookies[sessionCookie],
          linkContext(request),
        );
        return `${paths.account}?updated=password`;
      },
      (errors) => showPassword(request, reply, errors),
    );
  });

  app.get(paths.accountExport, async (request, reply) => {
    const user = requireUser(request);
    const data = {
      ...(await accounts.exportPersonalData(request.place.id, user.id)),
      ...(await app.personalData(request.place.id, user.id)),
    };
    return reply
      .header('content-disposition', 'attachment; filename="my-commonground-data.json"')
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  const showDelete = (request: FastifyRequest, reply: FastifyReply, errors?: Errors) => {
    requireUser(request);
    return reply.render('accounts/views/delete-account.njk', { errors });
  };
  app.get(paths.accountDelete, async (request, reply) => showDelete(request, reply));
  app.post(paths.accountDelete, async (request, reply) => {
    const user = requireUser(request);
    return handleForm(
      reply,
      deleteAccountSchema,
      request.body,
      async (data) => {
        await accounts.deleteAccount(actionContext(request), user.id, data.password);
        reply.clearCookie(sessionCookie, cookieOptions);
        return `${paths.home}?deleted=1`;
      },
      (errors) => showDelete(request, reply, errors),
    );
  });
}

function stripCsrf(body: unknown): Record<string, unknown> {
  const { _csrf: _ignored, ...rest } = (body ?? {}) as Record<string, unknown>;
  return rest;
}
