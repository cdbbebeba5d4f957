/**
 * The pause before work that failed is tried again: `base` seconds doubled
 * per attempt (the exponent capped at `maxExponent`), never more than `cap`.
 * Every kind of leased work takes its retry delays from here.
 */
export function backoffSeconds(
  attempts: number,
  options: { baseSeconds: number; capSeconds?: number; maxExponent?: number },
): number {
  const exponent = Math.min(attempts, options.maxExponent ?? Infinity);
  return Math.min(options.capSeconds ?? Infinity, options.baseSeconds * 2 ** exponent);
}
