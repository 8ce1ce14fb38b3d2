import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import { actionContext, linkContext, requireUser } from '../../platform/auth.js';
import { idParams } from '../../platform/fields.js';
import { handleForm, parseForm, type FormErrors } from '../../platform/forms.js';
import { capacityPaths as paths } from './capacity.paths.js';
import type { CapacityService } from './capacity.service.js';
import { askFormSchema, needsFormSchema, offerFormSchema } from './capacity.validation.js';
import { needsView, offerView } from './capacity.view-models.js';

/** A button's form: nothing but its CSRF token (checked before the handler runs). */
const noFields = z.strictObject({});
const noQuery = z.object({});
/** A word a redirect adds to say what just happened; anything else is ignored. */
const flag = z.string().max(20).optional().catch(undefined);
const offerQuery = z.object({ saved: flag, withdrawn: flag, stopped: flag });
const needsQuery = z.object({ saved: flag, asked: flag });

/**
 * The place's small-number threshold (PlaceSettings.suppressBelow, 10 unless an admin changed it),
 * as the participation figures use it.
 */
const suppressBelowOf = (request: FastifyRequest) => request.place.settings.suppressBelow ?? 10;

export type CapacityWebDeps = {
  capacity: CapacityService;
  people: Pick<PeopleDirectory, 'byIds'>;
  areas: Pick<AreasService, 'findInPlace'>;
};

/** "What you could share" under the account, and a project's needs page for its organisers. */
export function capacityWeb(app: FastifyInstance, { capacity, people, areas }: CapacityWebDeps) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  async function renderOffer(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) {
    const user = requireUser(request);
    const placeId = request.place.id;
    const [offer, [person]] = await Promise.all([capacity.offerOf(placeId, user.id), people.byIds(placeId, [user.id])]);
    const ward = person?.homeAreaId ? await areas.findInPlace(placeId, person.homeAreaId) : undefined;
    return reply.render('capacity/views/offer.njk', {
      ...offerView(offer, ward, values),
      errors,
    });
  }

  web.get(paths.offer, { schema: { querystring: offerQuery } }, async function showOffer(request, reply) {
    return renderOffer(request, reply);
  });

  web.post(paths.offer, async function submitOffer(request, reply) {
    const user = requireUser(request);
    return handleForm(
      reply,
      offerFormSchema,
      request.body,
      async (data) => {
        await capacity.saveOffer(actionContext(request), user, data);
        return `${paths.offer}?saved=1`;
      },
      (errors, values) => renderOffer(request, reply, errors, values),
    );
  });

  /** A page with one button (withdraw, or stop messages); without an offer there is nothing to do there. */
  async function renderButtonPage(request: FastifyRequest, reply: FastifyReply, view: string, errors?: FormErrors) {
    const user = requireUser(request);
    const offer = await capacity.offerOf(request.place.id, user.id);
    if (!offer) return reply.redirect(paths.offer, 303);
    return reply.render(`capacity/views/${view}.njk`, { offer, errors });
  }

  web.get(paths.withdraw, { schema: { querystring: noQuery } }, async function showWithdraw(request, reply) {
    return renderButtonPage(request, reply, 'withdraw');
  });

  web.post(paths.withdraw, async function submitWithdraw(request, reply) {
    const user = requireUser(request);
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return renderButtonPage(request, reply.code(422), 'withdraw', parsed.errors);
    await capacity.withdrawOffer(actionContext(request), user);
    return reply.redirect(`${paths.offer}?withdrawn=1`, 303);
  });

  web.get(paths.stopMessages, { schema: { querystring: noQuery } }, async function showStopMessages(request, reply) {
    return renderButtonPage(request, reply, 'stop-messages');
  });

  web.post(paths.stopMessages, async function submitStopMessages(request, reply) {
    const user = requireUser(request);
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return renderButtonPage(request, reply.code(422), 'stop-messages', parsed.errors);
    const done = await capacity.stopMessages(actionContext(request), user);
    return reply.redirect(done === 'stopped' ? `${paths.offer}?stopped=1` : `${paths.offer}?withdrawn=1`, 303);
  });

  async function renderNeeds(
    request: FastifyRequest,
    reply: FastifyReply,
    projectId: string,
    errors?: FormErrors,
    typed: { needsValues?: Record<string, unknown>; askValues?: Record<string, unknown> } = {},
  ) {
    const user = requireUser(request);
    const suppressBelow = suppressBelowOf(request);
    const page = await capacity.needsPage(user, request.place.id, projectId, suppressBelow);
    return reply.render('capacity/views/needs.njk', {
      ...needsView({ ...page, placeName: request.place.name, suppressBelow, ...typed }),
      errors,
    });
  }

  web.get(
    paths.needs(':id'),
    { schema: { params: idParams, querystring: needsQuery } },
    async function showNeeds(request, reply) {
      return renderNeeds(request, reply, request.params.id);
    },
  );

  web.post(paths.needs(':id'), { schema: { params: idParams } }, async function submitNeeds(request, reply) {
    const user = requireUser(request);
    const { id } = request.params;
    return handleForm(
      reply,
      needsFormSchema,
      request.body,
      async (data) => {
        await capacity.saveNeeds(actionContext(request), user, id, data);
        return `${paths.needs(id)}?saved=1`;
      },
      (errors, values) => renderNeeds(request, reply, id, errors, { needsValues: values }),
    );
  });

  web.post(paths.ask(':id'), { schema: { params: idParams } }, async function submitAsk(request, reply) {
    const user = requireUser(request);
    const { id } = request.params;
    return handleForm(
      reply,
      askFormSchema,
      request.body,
      async (data) => {
        await capacity.ask(actionContext(request), user, id, data, linkContext(request));
        return `${paths.needs(id)}?asked=1`;
      },
      (errors, values) => renderNeeds(request, reply, id, errors, { askValues: values }),
    );
  });
}
