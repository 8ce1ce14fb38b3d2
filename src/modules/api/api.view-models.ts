/** The parts of the OpenAPI document the docs page reads. */
export type OpenApiDoc = {
  info: { title: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        description?: string;
        tags?: string[];
        security?: unknown[];
        parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
        requestBody?: { content?: Record<string, { schema?: unknown }> };
        responses?: Record<string, { description?: string }>;
      }
    >
  >;
};

/** What each response status means, where a route's schema does not say. */
const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No content',
  '400': 'Malformed request',
  '401': 'No valid token',
  '403': "The token's role is not allowed to do this",
  '404': 'Not found in this place',
  '409': 'Conflicts with what exists',
  '413': 'Body too large',
  '422': 'Did not match the schema (see errors)',
  '429': 'Too many requests',
};

/** The OpenAPI document as a list a person can read, grouped by tag, for the no-JavaScript docs page. */
export function apiDocsView(spec: OpenApiDoc) {
  const groups = new Map<string, unknown[]>();
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Other';
      const list = groups.get(tag) ?? [];
      list.push({
        id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-'),
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        description: op.description ?? '',
        authenticated: Boolean(op.security?.length),
        parameters: op.parameters ?? [],
        requestSchema: op.requestBody?.content?.['application/json']?.schema,
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
          status,
          description:
            !r.description || r.description === 'Default Response' ? (STATUS_TEXT[status] ?? '') : r.description,
        })),
      });
      groups.set(tag, list);
    }
  }
  const operations = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, ops]) => ({ tag, ops }));
  return { operations, spec };
}
