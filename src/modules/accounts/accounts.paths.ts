import { paths } from '../../platform/paths.js';

/** The URLs of signing up, signing in and "your account": handlers, templates and other modules use these. */
export const accountsPaths = {
  signUp: '/sign-up',
  signUpCheckEmail: '/sign-up/check-your-email',
  verifyEmail: '/verify-email',
  signIn: paths.signIn,
  signOut: '/sign-out',
  forgotPassword: '/forgot-password',
  forgotPasswordCheckEmail: '/forgot-password/check-your-email',
  resetPassword: '/reset-password',
  account: '/account',
  details: '/account/details',
  changeEmail: '/account/email',
  changeEmailCheck: '/account/email/check-your-email',
  confirmEmail: '/confirm-email',
  changePassword: '/account/password',
  exportData: '/account/export',
  deleteAccount: '/account/delete',
} as const;
