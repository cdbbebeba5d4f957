import { z } from "zod";

// Building blocks of the API's wire schemas: what the JSON holds (times are
// ISO 8601 strings in UTC).

export const Time = z.iso.datetime({ offset: true });
export const NullableTime = Time.nullable();

export const Slug = z
  .string()
  .min(1)
  .max(200)
  .meta({ description: "The incident's id in URLs (its slug), e.g. 2019-11-indices-update." });
export const SlugParams = z.object({ slug: Slug });
/** A UUID in a path: anything else names nothing (404 with this message, never a database error). */
export const uuidParam = (notFound: string) => z.uuid(notFound);

export const StaffRef = z.object({ id: z.string(), name: z.string(), email: z.string() });

/** Cursor pagination: pass `next` back as `after` for the following page; null on the last page. */
export const PageInfo = z.object({
  next: z
    .string()
    .nullable()
    .meta({ description: "The opaque cursor of the next page (pass it as `after`); null on the last page." }),
  nextUrl: z.string().nullable().meta({ description: "The next page's URL (path and query), or null." }),
});

/** The URL of the next page: the same query with `after` replaced. */
export function nextPageUrl(request: Request, next: string | null): string | null {
  if (next === null) return null;
  const url = new URL(request.url);
  url.searchParams.set("after", next);
  return `${url.pathname}?${url.searchParams.toString()}`;
}
