import { capacityPaths } from './capacity.paths.js';
import { kindsInWords } from './capacity.kinds.js';
import type { CapacityKind } from './capacity.schema.js';

type AskEmailInput = {
  name: string;
  offer: { kinds: CapacityKind[]; description: string };
  project: { title: string };
  needs: { kinds: CapacityKind[]; description: string };
  message: string;
  projectUrl: string;
  links: { baseUrl: string; placeName: string };
};

/**
 * An organiser's message, passed on. It says why the person is getting it, how to answer (through
 * the project's page: the organiser's own address is never given, and neither is theirs), and how
 * to stop these messages.
 */
export function askEmail(e: AskEmailInput): { subject: string; body: string } {
  const offered = e.offer.description
    ? `${kindsInWords(e.offer.kinds)} ("${e.offer.description}")`
    : kindsInWords(e.offer.kinds);
  return {
    subject: `Could you help "${e.project.title}"?`,
    body: [
      `Hello ${e.name},`,
      '',
      `On ${e.links.placeName} you said you could share ${offered}.`,
      `The organisers of "${e.project.title}" are looking for ${kindsInWords(e.needs.kinds)}: ${e.needs.description}`,
      '',
      'Their message:',
      '',
      e.message,
      '',
      'To answer, or to find out more, go to the project’s page. You can join it there:',
      e.projectUrl,
      '',
      'We have not given the organisers your name or email address. They will know who you are only if you tell them.',
      '',
      'You are getting this because you agreed that organisers of projects that need what you offered may send you a message through Commonground.',
      `To stop these messages: ${e.links.baseUrl}${capacityPaths.stopMessages}`,
      `To change or withdraw your offer: ${e.links.baseUrl}${capacityPaths.offer}`,
    ].join('\n'),
  };
}
