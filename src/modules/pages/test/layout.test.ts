import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from '../../../platform/views.js';
import { accountsPaths } from '../../accounts/index.js';
import { apiPaths } from '../../api/index.js';
import { pagesPaths } from '../index.js';
import { $ } from '../../../../test/helpers.js';

/** The layout as the views plugin renders it: every module's paths are the template global `paths`. */
function renderPage(context: Record<string, unknown>): string {
  const env = createViewEnvironment();
  env.addGlobal('paths', { accounts: accountsPaths, pages: pagesPaths, api: apiPaths });
  return env.renderString('{% extends "layout.njk" %}{% set pageTitle = "Test" %}', {
    user: { displayName: 'Ann' },
    csrfToken: () => 'token',
    ...context,
  });
}

function layoutLinks(html: string) {
  const q = $(html);
  return {
    home: q('.govuk-service-navigation__service-name a').attr('href'),
    signOut: q('form.cg-sign-out-form').attr('action'),
    footer: q('.govuk-footer__link')
      .map((_i, a) => q(a).attr('href'))
      .get(),
  };
}

describe('the layout', () => {
  const expected = {
    home: '/',
    signOut: '/sign-out',
    footer: ['/accessibility', '/privacy', '/cookies', '/api/docs'],
  };

  it("links to the pages, sign out and the API docs from the modules' paths", () => {
    expect(layoutLinks(renderPage({}))).toEqual(expected);
  });

  it('keeps its links when a page passes a `paths` of its own', () => {
    expect(layoutLinks(renderPage({ paths: { conversation: (id: string) => `/conversations/${id}` } }))).toEqual(
      expected,
    );
  });
});
