/** URLSearchParams as the record parseTriageQuery reads (repeated keys kept, as Next gives them). */
export function searchParamsRecord(params: URLSearchParams): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const [key, value] of params) (record[key] ??= []).push(value);
  return record;
}
