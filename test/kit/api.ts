import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * JSON calls to the API as a bearer token, on a place's host. `send` takes a raw body and
 * content type for the cases that are not JSON at all.
 */
export function apiClient(app: FastifyInstance, token: string | null, host = 'localhost') {
  const headers = (extra: Record<string, string> = {}) => ({
    host,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  });
  const send = (method: Method, url: string, payload?: string, contentType = 'application/json') =>
    app.inject({
      method,
      url,
      headers: headers(payload === undefined ? {} : { 'content-type': contentType }),
      ...(payload === undefined ? {} : { payload }),
    });
  const json = (method: Method, url: string, body?: unknown) =>
    send(method, url, body === undefined ? undefined : JSON.stringify(body));
  return {
    send,
    get: (url: string) => json('GET', url),
    post: (url: string, body: unknown) => json('POST', url, body),
    put: (url: string, body: unknown) => json('PUT', url, body),
    patch: (url: string, body: unknown) => json('PATCH', url, body),
    delete: (url: string) => json('DELETE', url),
  };
}

/** An RFC 9457 problem document, as the API answers errors. */
type Problem = {
  status: number;
  title: string;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
};

/** The problem document of a response, after checking it is one with the given status. */
export function problemOf(res: LightMyRequestResponse, status: number): Problem {
  if (res.statusCode !== status || !/^application\/problem\+json/.test(String(res.headers['content-type'])))
    throw new Error(
      `Expected a ${status} problem document, got ${res.statusCode} ${String(res.headers['content-type'])}: ${res.body.slice(0, 300)}`,
    );
  const body = res.json<Problem>();
  if (body.status !== status) throw new Error(`Problem document says status ${body.status}, not ${status}`);
  return body;
}
