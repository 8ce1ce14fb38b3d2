import { capacityKinds, type CapacityKind } from './capacity.schema.js';

/** What each kind is called on the forms, with examples, and in a sentence ("you could share time"). */
export const kindLabels: Record<CapacityKind, { text: string; hint: string; words: string }> = {
  skills: {
    text: 'Skills',
    hint: 'Things you know how to do, for example cooking, keeping accounts, fixing bikes, a language',
    words: 'skills',
  },
  passions: {
    text: 'Passions',
    hint: 'Things you care about and would love to do more of, for example gardening, music, local history',
    words: 'passions',
  },
  time: { text: 'Time', hint: 'An hour or two now and then to lend a hand', words: 'time' },
  space: {
    text: 'A space',
    hint: 'A room, a garden, a yard or a hall that others could use',
    words: 'a space',
  },
  kit: {
    text: 'Kit',
    hint: 'Tools, a gazebo, a sewing machine, a projector, a van',
    words: 'kit',
  },
};

/** "skills, time and kit": kinds in the catalogue's order, as words in a sentence. */
export function kindsInWords(kinds: readonly CapacityKind[]): string {
  const words = capacityKinds.filter((k) => kinds.includes(k)).map((k) => kindLabels[k].words);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;
}
