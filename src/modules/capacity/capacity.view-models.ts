import type { Area } from '../../core/areas/index.js';
import { kindLabels, kindsInWords } from './capacity.kinds.js';
import type { Ask, Needs, Offer } from './capacity.repository.js';
import { capacityKinds, type CapacityKind } from './capacity.schema.js';
import type { PeopleCount } from './capacity.service.js';

type Values = Record<string, unknown>;

/** The values a form shows: what was typed when it comes back with errors, otherwise what is saved. */
const checked = (values: Values, kind: CapacityKind) => {
  const v = values.kinds;
  return Array.isArray(v) ? v.includes(kind) : v === kind;
};

function kindItems(values: Values) {
  return capacityKinds.map((k) => ({
    value: k,
    text: kindLabels[k].text,
    hint: { text: kindLabels[k].hint },
    checked: checked(values, k),
  }));
}

/** The person's own page: their offer (or an empty form), their ward, and what each consent means. */
export function offerView(offer: Offer | undefined, ward: Pick<Area, 'name'> | undefined, typed?: Values) {
  const values: Values =
    typed ??
    (offer
      ? {
          kinds: offer.kinds,
          description: offer.description,
          countInWard: offer.countInWard ? 'yes' : undefined,
          mayBeAsked: offer.mayBeAsked ? 'yes' : undefined,
        }
      : {});
  return {
    offer: offer ?? null,
    wardName: ward?.name ?? null,
    values,
    kindItems: kindItems(values),
    countChecked: values.countInWard === 'yes',
    askChecked: values.mayBeAsked === 'yes',
  };
}

/** A count of people as text: the number, or "fewer than 10" when it is suppressed. */
export function peopleText(c: PeopleCount, threshold: number): string {
  if (c.value === null) return `fewer than ${threshold} people`;
  return c.value === 1 ? '1 person' : `${c.value.toLocaleString('en-GB')} people`;
}

/** The needs page: the form, how many people could be asked, and the message form (or when it opens again). */
export function needsView(input: {
  project: { id: string; title: string; status: string };
  needs: Needs | undefined;
  ward: Pick<Area, 'id' | 'name'> | undefined;
  placeName: string;
  counts: { ward: PeopleCount | null; place: PeopleCount } | null;
  lastAsk: Ask | null;
  nextAskFrom: Date | null;
  suppressBelow: number;
  needsValues?: Values | undefined;
  askValues?: Values | undefined;
}) {
  const { needs, ward, counts } = input;
  const needsValues: Values =
    input.needsValues ?? (needs ? { kinds: needs.kinds, description: needs.description } : {});
  const askValues: Values = input.askValues ?? { reach: ward ? 'ward' : 'place' };
  return {
    project: input.project,
    needs: needs ?? null,
    needsInWords: needs ? kindsInWords(needs.kinds) : '',
    placeName: input.placeName,
    wardName: ward?.name ?? null,
    needsValues,
    askValues,
    kindItems: kindItems(needsValues),
    countRows: counts
      ? [
          ...(counts.ward && ward
            ? [{ key: { text: `In ${ward.name}` }, value: { text: peopleText(counts.ward, input.suppressBelow) } }]
            : []),
          {
            key: { text: `In the whole of ${input.placeName}` },
            value: { text: peopleText(counts.place, input.suppressBelow) },
          },
        ]
      : [],
    suppressBelow: input.suppressBelow,
    lastAsk: input.lastAsk,
    nextAskFrom: input.nextAskFrom,
    canAsk: Boolean(needs) && input.project.status === 'published' && !input.lastAsk,
    reachItems: [
      ...(ward ? [{ value: 'ward', text: `People in ${ward.name}`, checked: askValues.reach === 'ward' }] : []),
      { value: 'place', text: `Everyone in ${input.placeName}`, checked: askValues.reach === 'place' },
    ],
  };
}
