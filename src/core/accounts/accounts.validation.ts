import { z } from 'zod';
import { roles } from '../../platform/context.js';
import { optionalIdField, plainText } from '../../platform/fields.js';

export const emailField = z
  .string({ error: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email('Enter an email address in the correct format, like name@example.com'));

export const newPasswordField = z
  .string({ error: 'Enter a password' })
  .min(1, 'Enter a password')
  .min(12, 'Password must be 12 characters or more')
  .max(128, 'Password must be 128 characters or fewer');

const currentPasswordField = z
  .string({ error: 'Enter your password' })
  .min(1, 'Enter your password')
  .max(128, 'Password must be 128 characters or fewer');

/** An optional area id from a select; "" means none chosen. */
export const homeAreaField = optionalIdField('Select a ward from the list');

export const displayNameField = plainText('your name', 100);

export const signUpSchema = z.strictObject({
  displayName: displayNameField,
  email: emailField,
  password: newPasswordField,
  homeAreaId: homeAreaField,
});

export const signInSchema = z.strictObject({
  email: emailField,
  password: currentPasswordField,
  returnTo: z.string().max(500).optional(),
});

export const forgotPasswordSchema = z.strictObject({ email: emailField });

const INCOMPLETE_LINK = 'This link is not complete. Copy the whole link from the email and try again';
const emailLinkToken = z.string({ error: INCOMPLETE_LINK }).min(10, INCOMPLETE_LINK).max(200, INCOMPLETE_LINK);

export const resetPasswordSchema = z.strictObject({
  token: emailLinkToken,
  password: newPasswordField,
});

export const tokenSchema = z.strictObject({ token: emailLinkToken });

export const detailsSchema = z.strictObject({
  displayName: displayNameField,
  homeAreaId: homeAreaField,
});

export const changeEmailSchema = z.strictObject({
  email: emailField,
  password: currentPasswordField,
});

export const changePasswordSchema = z.strictObject({
  currentPassword: currentPasswordField,
  password: newPasswordField,
});

export const deleteAccountSchema = z.strictObject({
  password: currentPasswordField,
});

export const roleSchema = z.strictObject({
  role: z.enum(roles, { error: 'Select a role' }),
});

export const consentMethods = ['in-person', 'phone', 'paper-form'] as const;

export const assistedAccountSchema = z.strictObject({
  displayName: plainText('their name', 100),
  homeAreaId: z.uuid({ error: 'Select their home ward' }),
  consentMethod: z.enum(consentMethods, { error: 'Select how they gave consent' }),
  consentConfirmed: z.literal('yes', { error: 'Confirm that they agreed to you creating the account' }),
});
