import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, Invalid, TooManyRequests, Unauthorized } from './errors.js';
import { paths } from './paths.js';

/** API requests get problem documents; everything else gets a page. */
export function wantsProblem(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') && !request.url.startsWith(paths.apiDocs);
}

const PAGE_TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  401: 'You need to sign in',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  405: 'That action is not possible here',
  409: 'That has changed since you started',
  413: 'What you sent is too large',
  415: 'That kind of content is not accepted',
  422: 'There is a problem with what you entered',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export type ProblemDocument = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { pointer: string; detail: string }[];
};

function sendProblem(reply: FastifyReply, problem: ProblemDocument) {
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(JSON.stringify(problem));
}

/** Turns a Fastify/zod validation error into RFC 9457 field pointers. */
function validationErrors(err: FastifyError): { pointer: string; detail: string }[] {
  const list = err.validation ?? [];
  return list.map((v) => {
    // fastify-type-provider-zod puts the zod issue code in `keyword` and the rest of the issue in `params`.
    const params = v.params as { keys?: string[] } | undefined;
    const where = err.validationContext ?? 'body';
    const path = v.instancePath || '';
    if (v.keyword === 'unrecognized_keys') {
      return { pointer: `#${path || '/'}`, detail: `Unknown field(s) not allowed: ${(params?.keys ?? []).join(', ')}` };
    }
    return {
      pointer: where === 'body' ? `#${path || '/'}` : `${where}:${path.replace(/^\//, '') || '(all)'}`,
      detail: v.message ?? 'Invalid value',
    };
  });
}

/**
 * One error handler for the whole service: domain errors and framework errors become a
 * GOV.UK error page or an application/problem+json document. 5xx never shows internals.
 */
export const errorHandlerPlugin = fp(
  (app: FastifyInstance, _opts, done) => {
    const renderPage = (request: FastifyRequest, reply: FastifyReply, status: number, message?: string) => {
      const title = PAGE_TITLES[status] ?? (status >= 500 ? PAGE_TITLES[500]! : PAGE_TITLES[400]!);
      try {
        return reply.render('errors/error.njk', { status, title, message, reference: request.id }, status);
      } catch (renderError) {
        request.log.error({ err: renderError }, 'error page failed to render');
        return reply.code(status).type('text/plain; charset=utf-8').send(`${title}\n`);
      }
    };

    const notFound = (request: FastifyRequest, reply: FastifyReply) => {
      if (wantsProblem(request)) {
        return sendProblem(reply, {
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: `There is nothing at ${request.method} ${request.url.split('?')[0]}.`,
          instance: request.url,
        });
      }
      return renderPage(request, reply, 404);
    };

    app.setErrorHandler(async (err: FastifyError | DomainError | Error, request, reply) => {
      const fe = err as FastifyError;
      if (err instanceof DomainError) {
        if (err instanceof TooManyRequests) reply.header('retry-after', String(err.retryAfterSeconds));
        if (wantsProblem(request)) {
          return sendProblem(reply, {
            type: err instanceof Invalid ? `${paths.apiDocs}#problem-validation` : 'about:blank',
            title: PROBLEM_TITLES[err.status] ?? err.title,
            status: err.status,
            detail: err.message,
            instance: request.url,
            ...(err instanceof Invalid
              ? { errors: err.errors.map((e) => ({ pointer: `#/${e.field}`, detail: e.message })) }
              : {}),
          });
        }
        if (err instanceof Unauthorized) {
          const returnTo = request.method === 'GET' ? request.url : paths.home;
          return reply.redirect(`${paths.signIn}?returnTo=${encodeURIComponent(returnTo)}`, 303);
        }
        return renderPage(request, reply, err.status, err.message);
      }

      if (fe.validation && fe.validationContext === 'params') {
        // An id in the path that is not one of ours: nothing lives at that address.
        return notFound(request, reply);
      }

      if (fe.validation) {
        if (wantsProblem(request)) {
          return sendProblem(reply, {
            type: `${paths.apiDocs}#problem-validation`,
            title: 'Unprocessable Content',
            status: 422,
            detail: 'The request did not match the schema. See errors for each field.',
            instance: request.url,
            errors: validationErrors(fe),
          });
        }
        return renderPage(request, reply, 400, 'The request was not in a form we understand.');
      }

      let status =
        typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
      let message: string | undefined;
      if (fe.code === 'FST_CSRF_INVALID_TOKEN' || fe.code === 'FST_CSRF_MISSING_SECRET') {
        status = 403;
        message =
          'This form has expired or was sent from somewhere else. Go back, reload the page and try again. Nothing has been saved.';
      } else if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        message = 'What you sent is too large. Send less and try again.';
      } else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        message = 'Send the request as application/json.';
      } else if (
        fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
        fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
        err instanceof SyntaxError
      ) {
        status = 400;
        message = 'The request body is not valid JSON.';
      } else if (status < 500) {
        message = 'The request could not be understood.';
      }

      if (status >= 500) {
        request.log.error({ err }, 'unhandled error');
      } else {
        request.log.info({ code: fe.code, status }, 'request refused');
      }
      if (wantsProblem(request)) {
        return sendProblem(reply, {
          type: 'about:blank',
          title: PROBLEM_TITLES[status] ?? 'Error',
          status,
          detail:
            status >= 500
              ? `Something went wrong on our side. Quote reference ${request.id} if you report it.`
              : message,
          instance: request.url,
        });
      }
      return renderPage(request, reply, status, message);
    });

    app.setNotFoundHandler(async (request, reply) => notFound(request, reply));
    done();
  },
  { name: 'error-handler', dependencies: ['views'] },
);
