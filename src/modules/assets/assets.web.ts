import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AreasService } from '../../core/areas/index.js';
import { actionContext, linkContext, requireRole, requireUser } from '../../platform/auth.js';
import { hasRole } from '../../platform/context.js';
import { NotFound } from '../../platform/errors.js';
import { idField, idParams } from '../../platform/fields.js';
import { handleForm, parseForm, type FormErrors } from '../../platform/forms.js';
import { assetPaths as paths } from './assets.paths.js';
import type { Asset } from './assets.repository.js';
import { stillSuggested, type AssetsService } from './assets.service.js';
import { assetFilterQuery, assetFormSchema, declineAssetSchema } from './assets.validation.js';
import { assetFormView, assetListView, assetView, reviewView } from './assets.view-models.js';

const noQuery = z.object({});
/** A button's form: nothing but its CSRF token (checked before the handler runs). */
const noFields = z.strictObject({});
/** The asset page says what just happened when the form sends people back to it. */
const assetQuery = z.object({ suggested: z.string().max(10).optional(), updated: z.string().max(10).optional() });
/** The queue says which asset was just published or declined; anything else is ignored. */
const reviewQuery = z.object({
  published: idField().optional().catch(undefined),
  declined: idField().optional().catch(undefined),
});

export type AssetsWebDeps = { assets: AssetsService; areas: AreasService };

/** The asset register's pages: the register, one asset, the suggestion form, and the officers' checks. */
export function assetsWeb(app: FastifyInstance, { assets, areas }: AssetsWebDeps) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    asset?: Asset,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) {
    const user = requireUser(request);
    const wards = await areas.listWards(request.place.id);
    return reply.render('assets/views/form.njk', {
      ...assetFormView(wards, hasRole(user.role, 'officer'), asset, values),
      errors,
    });
  }

  /** Any asset of the place, for an officer: to check, decline or change. */
  async function suggestion(request: FastifyRequest, id: string): Promise<Asset> {
    requireRole(request, 'officer');
    const asset = await assets.findVisible(request.place.id, id, request.user);
    if (!asset) throw new NotFound('There is no such asset.');
    return asset;
  }

  async function renderDecline(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) {
    const asset = stillSuggested(await suggestion(request, id));
    return reply.render('assets/views/decline.njk', { asset, values, errors });
  }

  web.get(paths.assets, { schema: { querystring: assetFilterQuery } }, async function listAssets(request, reply) {
    const placeId = request.place.id;
    const { category, ward } = request.query;
    const [list, wards, counts] = await Promise.all([
      assets.list(placeId, { status: 'public', category, areaId: ward }),
      areas.listWards(placeId),
      assets.countPublic(placeId),
    ]);
    const viewer = {
      canSuggest: request.user !== null,
      canReview: request.user !== null && hasRole(request.user.role, 'officer'),
    };
    return reply.render('assets/views/list.njk', assetListView(list, wards, counts, { category, ward }, viewer));
  });

  web.get(paths.suggest, { schema: { querystring: noQuery } }, async function suggestAsset(request, reply) {
    return renderForm(request, reply);
  });

  web.post(paths.suggest, async function submitAsset(request, reply) {
    const user = requireUser(request);
    return handleForm(
      reply,
      assetFormSchema,
      request.body,
      async (data) => `${paths.asset((await assets.suggest(actionContext(request), user, data)).id)}?suggested=1`,
      (errors, values) => renderForm(request, reply, undefined, errors, values),
    );
  });

  web.get(
    paths.edit(':id'),
    { schema: { params: idParams, querystring: noQuery } },
    async function editAsset(request, reply) {
      return renderForm(request, reply, await suggestion(request, request.params.id));
    },
  );

  web.post(paths.edit(':id'), { schema: { params: idParams } }, async function submitAssetChange(request, reply) {
    const asset = await suggestion(request, request.params.id);
    return handleForm(
      reply,
      assetFormSchema,
      request.body,
      async (data) => {
        await assets.update(actionContext(request), requireUser(request), asset.id, data);
        return `${paths.asset(asset.id)}?updated=1`;
      },
      (errors, values) => renderForm(request, reply, asset, errors, values),
    );
  });

  async function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    done: { published?: string | undefined; declined?: string | undefined } = {},
    errors?: FormErrors,
  ) {
    requireRole(request, 'officer');
    const placeId = request.place.id;
    const [suggestions, wards, published, declined] = await Promise.all([
      assets.list(placeId, { status: 'suggested' }),
      areas.listWards(placeId),
      done.published ? assets.findVisible(placeId, done.published, request.user) : undefined,
      done.declined ? assets.findVisible(placeId, done.declined, request.user) : undefined,
    ]);
    return reply.render('assets/views/review.njk', {
      ...reviewView(suggestions, wards, { published, declined }),
      errors,
    });
  }

  web.get(paths.review, { schema: { querystring: reviewQuery } }, async function showReview(request, reply) {
    return renderReview(request, reply, request.query);
  });

  web.get(
    paths.asset(':id'),
    { schema: { params: idParams, querystring: assetQuery } },
    async function showAsset(request, reply) {
      const asset = await assets.findVisible(request.place.id, request.params.id, request.user);
      if (!asset) throw new NotFound('There is no such asset.');
      const ward = asset.areaId ? await areas.findInPlace(request.place.id, asset.areaId) : undefined;
      const canReview = request.user !== null && hasRole(request.user.role, 'officer');
      return reply.render('assets/views/show.njk', assetView(asset, ward, canReview));
    },
  );

  web.post(paths.publish(':id'), { schema: { params: idParams } }, async function publishAsset(request, reply) {
    const asset = await suggestion(request, request.params.id);
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return renderReview(request, reply.code(422), {}, parsed.errors);
    await assets.publish(actionContext(request), requireUser(request), asset.id, linkContext(request));
    return reply.redirect(`${paths.review}?published=${asset.id}`, 303);
  });

  web.get(
    paths.decline(':id'),
    { schema: { params: idParams, querystring: noQuery } },
    async function declineAsset(request, reply) {
      return renderDecline(request, reply, request.params.id);
    },
  );

  web.post(paths.decline(':id'), { schema: { params: idParams } }, async function submitDecline(request, reply) {
    const asset = await suggestion(request, request.params.id);
    return handleForm(
      reply,
      declineAssetSchema,
      request.body,
      async (data) => {
        await assets.decline(actionContext(request), requireUser(request), asset.id, data.reason);
        return `${paths.review}?declined=${asset.id}`;
      },
      (errors, values) => renderDecline(request, reply, asset.id, errors, values),
    );
  });
}
