import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { actionContext, linkContext, requireUser } from '../../platform/auth.js';
import { NotFound } from '../../platform/errors.js';
import { handleForm, parseForm, type FormErrors } from '../../platform/forms.js';
import type { AreasService } from '../../core/areas/index.js';
import {
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  detailsSchema,
  tokenSchema,
  type AccountsService,
} from '../../core/accounts/index.js';
import { pagesPaths } from '../pages/index.js';
import type { SessionCookie } from './accounts.cookie.js';
import { accountsPaths as paths } from './accounts.paths.js';
import { accountQuery, tokenQuery } from './accounts.validation.js';
import { accountView, confirmLinkView, confirmedView, wardItems } from './accounts.view-models.js';

export type AccountWebOptions = { accounts: AccountsService; areas: AreasService; cookie: SessionCookie };

type Values = Record<string, unknown>;

/** "Your account": details, email address, password, a copy of your data and deleting the account. */
export function accountWeb(app: FastifyInstance, { accounts, areas, cookie }: AccountWebOptions) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  /** A page of the signed-in person's own, with the form's errors and values when it is shown again. */
  function renderForPerson(
    request: FastifyRequest,
    reply: FastifyReply,
    view: string,
    errors?: FormErrors,
    values?: Values,
  ) {
    requireUser(request);
    return reply.render(`accounts/views/${view}.njk`, { errors, values });
  }

  /**
   * The signed-in person's form post: validate with `schema`, run `change` for them and redirect to
   * the path it returns; a refusal re-renders the form with 422.
   */
  function submitForPerson<S extends z.ZodType>(
    request: FastifyRequest,
    reply: FastifyReply,
    schema: S,
    change: (userId: string, data: z.output<S>) => Promise<string>,
    rerender: (errors: FormErrors, values: Values) => unknown,
  ) {
    const user = requireUser(request);
    return handleForm(reply, schema, request.body, (data) => change(user.id, data), rerender);
  }

  web.get(paths.account, { schema: { querystring: accountQuery } }, async function showAccount(request, reply) {
    const user = requireUser(request);
    const person = await accounts.findPerson(request.place.id, user.id);
    if (!person) throw new NotFound();
    const ward = person.homeAreaId ? await areas.findInPlace(request.place.id, person.homeAreaId) : undefined;
    return reply.render('accounts/views/account.njk', accountView(person, ward));
  });

  // Name and home ward

  async function renderDetails(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, values?: Values) {
    const user = requireUser(request);
    const person = await accounts.findPerson(request.place.id, user.id);
    const v = values ?? { displayName: person?.displayName, homeAreaId: person?.homeAreaId ?? '' };
    const wards = await areas.listWards(request.place.id);
    return reply.render('accounts/views/details.njk', { errors, values: v, wards: wardItems(wards, v.homeAreaId) });
  }

  web.get(paths.details, async function showDetails(request, reply) {
    return renderDetails(request, reply);
  });

  web.post(paths.details, async function submitDetails(request, reply) {
    return submitForPerson(
      request,
      reply,
      detailsSchema,
      async (userId, data) => {
        await accounts.updateDetails(actionContext(request), userId, data);
        return `${paths.account}?updated=details`;
      },
      (errors, values) => renderDetails(request, reply, errors, values),
    );
  });

  // Email address: changed only once the new address confirms it

  web.get(paths.changeEmail, async function showChangeEmail(request, reply) {
    return renderForPerson(request, reply, 'change-email', undefined, {});
  });

  web.post(paths.changeEmail, async function submitChangeEmail(request, reply) {
    return submitForPerson(
      request,
      reply,
      changeEmailSchema,
      async (userId, data) => {
        await accounts.requestEmailChange(actionContext(request), userId, data, linkContext(request));
        return paths.changeEmailCheck;
      },
      (errors, values) => renderForPerson(request, reply, 'change-email', errors, values),
    );
  });

  web.get(paths.changeEmailCheck, async function showChangeEmailCheck(request, reply) {
    requireUser(request);
    return reply.render('accounts/views/check-email.njk', { purpose: 'change-email' });
  });

  web.get(paths.confirmEmail, { schema: { querystring: tokenQuery } }, async function showConfirmEmail(request, reply) {
    return reply.render('accounts/views/confirm-link.njk', confirmLinkView(request.query.token, 'change'));
  });

  web.post(paths.confirmEmail, async function submitConfirmEmail(request, reply) {
    const parsed = parseForm(tokenSchema, request.body);
    if (!parsed.ok) throw new NotFound('This link is not complete. Copy the whole link from the email and try again.');
    await accounts.confirmEmailChange(actionContext(request), parsed.data.token);
    return reply.render('accounts/views/done.njk', confirmedView('change', Boolean(request.user)));
  });

  // Password

  web.get(paths.changePassword, async function showChangePassword(request, reply) {
    return renderForPerson(request, reply, 'change-password');
  });

  web.post(paths.changePassword, async function submitChangePassword(request, reply) {
    return submitForPerson(
      request,
      reply,
      changePasswordSchema,
      async (userId, data) => {
        // This session stays signed in; every other one is signed out.
        await accounts.changePassword(actionContext(request), userId, data, cookie.read(request), linkContext(request));
        return `${paths.account}?updated=password`;
      },
      (errors) => renderForPerson(request, reply, 'change-password', errors),
    );
  });

  // The person's data: a copy (UK GDPR Articles 15 and 20), and erasure

  web.get(paths.exportData, async function downloadPersonalData(request, reply) {
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

  web.get(paths.deleteAccount, async function showDeleteAccount(request, reply) {
    return renderForPerson(request, reply, 'delete-account');
  });

  web.post(paths.deleteAccount, async function submitDeleteAccount(request, reply) {
    return submitForPerson(
      request,
      reply,
      deleteAccountSchema,
      async (userId, data) => {
        await accounts.deleteAccount(actionContext(request), userId, data.password);
        cookie.clear(reply);
        return `${pagesPaths.home}?deleted=1`;
      },
      (errors) => renderForPerson(request, reply, 'delete-account', errors),
    );
  });
}
