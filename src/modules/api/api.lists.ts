import { z } from 'zod';

/** A page of a list as every /api/v1 list answers it: the items and the cursor for the next page. */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
    })
    .meta({ id });
}

/** The `limit` query parameter of every /api/v1 list: 1 to 200 items a page, 50 unless asked. */
export const limitField = z.coerce.number().int().min(1).max(200).default(50);
