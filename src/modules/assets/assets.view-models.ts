import type { Area } from '../../core/areas/index.js';
import { assetPaths } from './assets.paths.js';
import type { Asset } from './assets.repository.js';
import { assetCategories, type AssetCategory } from './assets.schema.js';

/** What each category is called, and what it covers, on every page that names one. */
export const categoryLabels: Record<AssetCategory, { text: string; hint: string }> = {
  association: {
    text: 'Group or association',
    hint: "Clubs, faith groups, residents' associations, informal groups of neighbours",
  },
  institution: { text: 'Institution', hint: 'Schools, libraries, surgeries, public bodies, charities' },
  place: { text: 'Place', hint: 'Halls, parks, allotments, community rooms, places to meet' },
  economic: { text: 'Local economy', hint: 'Local businesses, markets, swaps and exchanges' },
  culture: { text: 'Stories and culture', hint: 'Local history, traditions, festivals, art' },
};

type Ward = Pick<Area, 'id' | 'name'>;

const wardName = (wards: Ward[], areaId: string | null) =>
  areaId ? wards.find((w) => w.id === areaId)?.name : undefined;

/** The register: public assets with the filters applied, and how many there are of each kind. */
export function assetListView(
  assets: Asset[],
  wards: Ward[],
  counts: { category: AssetCategory; assets: number }[],
  filter: { category?: AssetCategory | undefined; ward?: string | undefined },
  viewer: { canSuggest: boolean; canReview: boolean },
) {
  const perCategory = new Map<AssetCategory, number>();
  for (const c of counts) perCategory.set(c.category, (perCategory.get(c.category) ?? 0) + c.assets);
  return {
    ...viewer,
    filtered: Boolean(filter.category ?? filter.ward),
    assets: assets.map((a) => ({
      name: a.name,
      href: assetPaths.asset(a.id),
      categoryLabel: categoryLabels[a.category].text,
      wardName: wardName(wards, a.areaId),
      offers: a.offers,
    })),
    summary: assetCategories.map((c) => ({ text: categoryLabels[c].text, count: perCategory.get(c) ?? 0 })),
    categoryItems: [
      { value: '', text: 'All kinds' },
      ...assetCategories.map((c) => ({ value: c, text: categoryLabels[c].text, selected: c === filter.category })),
    ],
    wardItems: [
      { value: '', text: 'All wards' },
      ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === filter.ward })),
    ],
  };
}

const statusText = {
  suggested: 'Waiting for the council to check it',
  public: 'In the register',
  declined: 'Not added',
};

/** One asset's page; people who can see one that is not public yet are told where it stands. */
export function assetView(asset: Asset, ward: Ward | undefined, canReview: boolean) {
  return {
    asset,
    categoryLabel: categoryLabels[asset.category].text,
    ward,
    statusText: asset.status === 'public' ? null : statusText[asset.status],
    review: canReview && asset.status === 'suggested',
    editHref: canReview ? assetPaths.edit(asset.id) : null,
  };
}

/** The form to suggest, add or change an asset: saved values, or what was typed when it comes back with errors. */
export function assetFormView(wards: Ward[], officer: boolean, asset?: Asset, typed?: Record<string, unknown>) {
  const values: Record<string, unknown> = typed ?? (asset ? { ...asset } : {});
  return {
    officer,
    asset,
    action: asset ? assetPaths.edit(asset.id) : assetPaths.suggest,
    values,
    categoryItems: assetCategories.map((c) => ({
      value: c,
      text: categoryLabels[c].text,
      hint: { text: categoryLabels[c].hint },
      checked: c === values.category,
    })),
    wards: [
      { value: '', text: 'Not in one ward' },
      ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === values.areaId })),
    ],
  };
}

/** The officers' queue of suggestions, oldest first, with the outcome of the last decision. */
export function reviewView(suggestions: Asset[], wards: Ward[], done: { published?: Asset; declined?: Asset }) {
  return {
    done,
    suggestions: [...suggestions]
      .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
      .map((a) => ({
        id: a.id,
        name: a.name,
        href: assetPaths.asset(a.id),
        categoryLabel: categoryLabels[a.category].text,
        wardName: wardName(wards, a.areaId),
        offers: a.offers,
        publishAction: assetPaths.publish(a.id),
        declineHref: assetPaths.decline(a.id),
      })),
  };
}
