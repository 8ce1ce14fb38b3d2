import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './passwords.js';

describe('password hashing', () => {
  const hasher = createPasswordHasher('fast');

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify('correct horse battery staple', stored)).toBe(true);
    expect(await hasher.verify('correct horse battery stapler', stored)).toBe(false);
  });

  it('salts every hash, and keeps its parameters so costs can rise later', async () => {
    const a = await hasher.hash('same password here');
    const b = await hasher.hash('same password here');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    // A hash made at the standard cost still verifies with a hasher set to another cost.
    const standard = await createPasswordHasher('standard').hash('same password here');
    expect(standard.startsWith('scrypt$32768$8$3$')).toBe(true);
    expect(await hasher.verify('same password here', standard)).toBe(true);
  });

  it('treats equivalent Unicode forms as the same password', async () => {
    const stored = await hasher.hash('caf\u00e9 au lait please');
    expect(await hasher.verify('cafe\u0301 au lait please', stored)).toBe(true);
  });

  it('refuses malformed stored values instead of throwing', async () => {
    expect(await hasher.verify('anything at all', 'not-a-hash')).toBe(false);
    expect(await hasher.verify('anything at all', 'bcrypt$1$2$3$4$5')).toBe(false);
  });
});
