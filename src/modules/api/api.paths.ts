import { paths } from '../../platform/paths.js';

/** The URLs of the API's own documents and its place endpoint (every module adds its own /api/v1 routes). */
export const apiPaths = {
  docs: paths.apiDocs,
  openapi: '/api/openapi.json',
  place: '/api/v1/place',
} as const;
