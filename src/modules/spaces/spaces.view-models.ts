import type { Area } from '../../core/areas/index.js';
import type { Space } from './spaces.repository.js';
import { spaceKinds } from './spaces.schema.js';
import { spacePaths } from './spaces.paths.js';

/** What each kind of space is called, on every page that names one. */
export const kindLabels: Record<(typeof spaceKinds)[number], string> = {
  hub: 'Community hub',
  shop: 'Shop front',
  hall: 'Hall',
  park: 'Park or green space',
  online: 'Online',
  other: 'Somewhere else',
};

type Ward = Pick<Area, 'id' | 'name'>;

/** The list of spaces: each with its kind, where it is and its ward. */
export function spaceListView(spaces: Space[], wards: Ward[], canAdd: boolean) {
  const names = new Map(wards.map((w) => [w.id, w.name]));
  return {
    canAdd,
    spaces: spaces.map((s) => ({
      name: s.name,
      href: spacePaths.space(s.id),
      kindLabel: kindLabels[s.kind],
      where: s.kind === 'online' ? 'Online' : s.address,
      wardName: s.areaId ? names.get(s.areaId) : undefined,
    })),
  };
}

/** One space's page. */
export function spaceView(space: Space, ward: Ward | undefined, canEdit: boolean) {
  return {
    space,
    kindLabel: kindLabels[space.kind],
    ward,
    editHref: canEdit ? spacePaths.edit(space.id) : null,
  };
}

/** The form to add or change a space: saved values, or what was typed when it comes back with errors. */
export function spaceFormView(space: Space | undefined, wards: Ward[], values?: Record<string, unknown>) {
  const v =
    values ??
    (space
      ? {
          ...space,
          address: space.address ?? '',
          capacity: space.capacity === null ? '' : String(space.capacity),
          equipment: space.equipment.join('\n'),
        }
      : {});
  return {
    space,
    action: space ? spacePaths.edit(space.id) : spacePaths.newSpace,
    values: v,
    kindItems: spaceKinds.map((k) => ({ value: k, text: kindLabels[k], checked: k === v.kind })),
    wards: [
      { value: '', text: 'Not in one ward' },
      ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === v.areaId })),
    ],
  };
}
