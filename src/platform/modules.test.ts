import { describe, expect, it } from 'vitest';
import {
  defineModule,
  foldServices,
  navigationFor,
  type CheckOrder,
  type CheckUses,
  type NavEntry,
} from './modules.js';

const counter = defineModule<{ start: number }>()({
  name: 'counter',
  services: ({ start }) => ({ counter: { next: () => start + 1 } }),
});
const doubler = defineModule<{ counter: { next(): number } }>()({
  name: 'doubler',
  services: ({ counter }) => ({ doubled: () => counter.next() * 2 }),
});
const page = defineModule<object, { doubled: () => number }>()({ name: 'page' });

describe('the registry fold', () => {
  it("builds each module's services on the core's and those of the modules before it", () => {
    const services = foldServices({ start: 20 }, [counter, doubler, page] as const);
    expect(services.start).toBe(20);
    expect(services.counter.next()).toBe(21);
    expect(services.doubled()).toBe(42);
  });

  it('refuses, at compile time, a module placed before the one whose services it needs', () => {
    const inOrder: CheckOrder<[typeof counter, typeof doubler], { start: number }> = true;
    // @ts-expect-error doubler needs counter, which comes after it
    const outOfOrder: CheckOrder<[typeof doubler, typeof counter], { start: number }> = true;
    // @ts-expect-error the page uses `doubled`, which nobody provides here
    const unmet: CheckUses<[typeof page], { start: number }> = true;
    expect([inOrder, outOfOrder, unmet]).toEqual([true, true, true]);
  });
});

describe('navigation from the manifests', () => {
  const entries: NavEntry[] = [
    { text: 'Admin', href: '/admin', order: 90, role: 'officer' },
    { text: 'Home', href: '/', order: 10, exact: true },
    { text: 'What’s on', href: '/whats-on', order: 20, current: ['/whats-on', '/sessions'] },
    { text: 'Your account', href: '/account', order: 100, role: 'resident' },
    { text: 'Sign in', href: '/sign-in', order: 100, signedOut: true, exact: true },
  ];
  const texts = (viewer: Parameters<typeof navigationFor>[1]) => navigationFor(entries, viewer, '/').map((e) => e.text);

  it('shows each viewer the entries of their role, in order', () => {
    expect(texts(null)).toEqual(['Home', 'What’s on', 'Sign in']);
    expect(texts({ role: 'resident' })).toEqual(['Home', 'What’s on', 'Your account']);
    expect(texts({ role: 'officer' })).toEqual(['Home', 'What’s on', 'Admin', 'Your account']);
  });

  it('marks the current entry: the home page only on itself, others by their prefixes', () => {
    const current = (path: string) =>
      navigationFor(entries, { role: 'admin' }, path)
        .filter((e) => e.current)
        .map((e) => e.text);
    expect(current('/')).toEqual(['Home']);
    expect(current('/sessions/abc')).toEqual(['What’s on']);
    expect(current('/admin/people')).toEqual(['Admin']);
  });
});
