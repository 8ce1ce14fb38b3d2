/**
 * The only URLs the platform itself needs: the home page and sign in (where a request that needs a
 * signed-in person is sent, and where it returns to), and the API docs (problem documents link their
 * types there). The modules that own these pages (pages, accounts, api) declare the same values
 * in their own paths objects; every other URL lives in its module's `<module>.paths.ts`.
 */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  apiDocs: '/api/docs',
} as const;
