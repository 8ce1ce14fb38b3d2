import type { Message } from '../mail/index.js';

/** Plain-English email templates. Links are absolute URLs to the place the person signed up with. */
const signOff = (placeName: string) =>
  `\n\nFrom ${placeName}, on Commonground\n\nIf you did not expect this email, you can ignore it.`;

export const emails = {
  verifyEmail: (to: string, placeName: string, name: string, link: string): Message => ({
    to,
    subject: `Confirm your email address for ${placeName}`,
    body: `Hello ${name},\n\nThanks for joining ${placeName}. To confirm this is your email address, open this link:\n\n${link}\n\nThe link works once and stops working after 24 hours.${signOff(placeName)}`,
  }),
  alreadyRegistered: (to: string, placeName: string, signInLink: string, resetLink: string): Message => ({
    to,
    subject: `You already have an account with ${placeName}`,
    body: `Hello,\n\nSomeone tried to create an account with ${placeName} using this email address, but you already have one.\n\nSign in: ${signInLink}\nForgotten your password? Reset it: ${resetLink}${signOff(placeName)}`,
  }),
  resetPassword: (to: string, placeName: string, name: string, link: string): Message => ({
    to,
    subject: `Reset your password for ${placeName}`,
    body: `Hello ${name},\n\nWe received a request to reset your password. To choose a new one, open this link:\n\n${link}\n\nThe link works once and stops working after 1 hour. Your password has not changed yet.${signOff(placeName)}`,
  }),
  confirmNewEmail: (to: string, placeName: string, name: string, link: string): Message => ({
    to,
    subject: `Confirm your new email address for ${placeName}`,
    body: `Hello ${name},\n\nYou asked to change the email address on your account to this one. To confirm, open this link:\n\n${link}\n\nThe link works once and stops working after 24 hours. Until then we keep using your old address.${signOff(placeName)}`,
  }),
  emailChangeRequested: (to: string, placeName: string, name: string, newEmail: string): Message => ({
    to,
    subject: `Your email address is being changed`,
    body: `Hello ${name},\n\nSomeone signed in to your ${placeName} account asked to change its email address to ${maskEmail(newEmail)}.\n\nIf this was not you, reset your password straight away and contact the council.${signOff(placeName)}`,
  }),
  passwordChanged: (to: string, placeName: string, name: string): Message => ({
    to,
    subject: `Your password has been changed`,
    body: `Hello ${name},\n\nThe password for your ${placeName} account has just been changed, and you have been signed out everywhere else.\n\nIf this was not you, reset your password straight away and contact the council.${signOff(placeName)}`,
  }),
};

/** j***@example.com: enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
