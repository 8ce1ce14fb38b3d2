import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (OWASP Password Storage Cheat Sheet: N=2^15, r=8, p=3 is
 * one of its equivalent minimum settings, about 32 MiB a hash). Parameters are stored in
 * each hash so they can be raised later without breaking existing passwords.
 * The "fast" cost exists only to keep test suites quick; config refuses it in production.
 */
const COSTS = {
  standard: { N: 2 ** 15, r: 8, p: 3 },
  fast: { N: 2 ** 10, r: 8, p: 1 },
} as const;

const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Burn the same time as a real check, so unknown accounts can't be told apart by timing. */
  dummyVerify(password: string): Promise<void>;
};

export function createPasswordHasher(cost: keyof typeof COSTS = 'standard'): PasswordHasher {
  const { N, r, p } = COSTS[cost];
  const hash = async (password: string) => {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, N, r, p);
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  };
  const verify = async (password: string, stored: string) => {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [, n, rr, pp, salt, key] = parts as [string, string, string, string, string, string];
    const expected = Buffer.from(key, 'base64');
    const actual = await scrypt(password, Buffer.from(salt, 'base64'), Number(n), Number(rr), Number(pp));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  };
  let dummy: string | undefined;
  return {
    hash,
    verify,
    dummyVerify: async (password) => {
      dummy ??= await hash('not-a-real-password');
      await verify(password, dummy);
    },
  };
}
