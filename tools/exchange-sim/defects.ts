// The reference exchange built broken on purpose, one defect at a time: the
// conformance check's own test starts each variant and proves the check
// fails it. A new rule in docs/provider-api.md comes with a defect here that
// breaks it (the test's table is keyed by these names, so it cannot be missed).

export const SIM_DEFECTS = {
  "repeat-effects": "a repeated idempotency key in a batch is applied again (with a new result)",
  "single-repeat-effects": "a repeated single operation is answered with the first body but applied again",
  "no-replayed-header": "a repeated single operation omits Idempotent-Replayed: true",
  "no-replay-check": "a nonce seen before is accepted again",
  "accept-any-signature": "no signature is checked at all",
  "unsigned-get": "the state read (GET) is not signature-checked",
  "future-timestamps": "a timestamp any distance in the future is accepted",
  "first-signature-only": "only the first v1= signature is checked (rotation breaks)",
  "no-body-limit": "bodies over 2 MB are read and acted on",
  "ignore-hold-until": "holdUntil is ignored: every hold is indefinite",
  "batch-all-or-nothing": "one failing item fails the whole batch",
} as const;

export type SimDefect = keyof typeof SIM_DEFECTS;

export function isSimDefect(name: unknown): name is SimDefect {
  return typeof name === "string" && Object.hasOwn(SIM_DEFECTS, name);
}
