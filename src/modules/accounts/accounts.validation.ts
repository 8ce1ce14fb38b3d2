import { z } from 'zod';

/** A word a redirect adds to say what just happened; anything else is ignored. */
const flag = z.string().max(40).optional().catch(undefined);
/** Anything but one string is treated as no value, as a link that lost its end would be. */
const oneString = z.string().optional().catch(undefined);

/** The token an email link carries (to confirm an address, or to reset a password). */
export const tokenQuery = z.object({ token: oneString });

/** Where to go after signing in, and whether a password reset sent the person here. */
export const signInQuery = z.object({ returnTo: oneString, reset: flag });

/** The account page says what was just saved. */
export const accountQuery = z.object({ updated: flag });
