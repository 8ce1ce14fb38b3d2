import { describe, expect, it } from 'vitest';
import { nameBasedUuid } from './uuid.js';

describe('nameBasedUuid', () => {
  it('gives the RFC 9562 version 5 UUID (checked against the RFC’s DNS namespace example)', () => {
    // RFC 9562 appendix A.4: www.example.com in the DNS namespace.
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
  it('is stable and differs by name', () => {
    const ns = '0b6c8f7e-1d2a-4c3b-9e4f-5a6b7c8d9e0f';
    expect(nameBasedUuid(ns, 'a')).toBe(nameBasedUuid(ns, 'a'));
    expect(nameBasedUuid(ns, 'a')).not.toBe(nameBasedUuid(ns, 'b'));
  });
});
