import { BALANCE_TIER_LABELS } from "@/lib/risk/balance-tiers";
import { RISK_RULES } from "@/lib/risk/rules";
import { ACTION_STATUS_LABELS, TIER_LABELS } from "@/lib/triage/labels";

const YES_NO: Record<string, Record<string, string>> = {
  twoFactor: { yes: "On", no: "Off" },
  events: { yes: "Some", no: "None" },
  matched: { yes: "Matched", no: "No account" },
};

// In the order of the triage table's filter bar, with its words.
const PARTS: { key: string; label: string; value: (raw: string) => string }[] = [
  { key: "q", label: "Search", value: (raw) => `“${raw}”` },
  { key: "tier", label: "Risk tier", value: (raw) => list(raw, TIER_LABELS) },
  { key: "twoFactor", label: "2FA", value: (raw) => YES_NO.twoFactor![raw] ?? raw },
  { key: "balance", label: "Balance", value: (raw) => list(raw, BALANCE_TIER_LABELS) },
  { key: "country", label: "Country", value: (raw) => raw.toUpperCase().split(",").join(", ") },
  { key: "events", label: "Events after T0", value: (raw) => YES_NO.events![raw] ?? raw },
  { key: "action", label: "Action", value: (raw) => list(raw, ACTION_STATUS_LABELS) },
  { key: "matched", label: "Account", value: (raw) => YES_NO.matched![raw] ?? raw },
  { key: "group", label: "Message", value: (raw) => `#${raw}` },
  { key: "rule", label: "Rule", value: (raw) => RISK_RULES.find((r) => r.id === raw)?.title ?? raw },
  { key: "bulk", label: "Frozen in bulk action", value: (raw) => raw.slice(0, 8) },
];

function list(raw: string, labels: Record<string, string>): string {
  return raw
    .split(",")
    .filter(Boolean)
    .map((value) => labels[value] ?? value)
    .join(", ");
}

/** A triage filter's URL query in the filter bar's words: ["Risk tier: Medium", "Balance: $10k–$100k"]. */
function describeTriageQuery(query: string): { label: string; value: string }[] {
  const params = new URLSearchParams(query);
  return PARTS.flatMap((part) => {
    const raw = params.get(part.key);
    return raw ? [{ label: part.label, value: part.value(raw) }] : [];
  });
}

/**
 * The filter a bulk action selects by, as chips a person reads at a glance
 * (the URL query is for machines): what the responder checks before acting.
 */
export function TriageFilterSummary({ query }: { query: string }) {
  const parts = describeTriageQuery(query);
  if (parts.length === 0) return <span className="font-medium text-slate-900">No filter: every exposed address</span>;
  return (
    <span className="inline-flex flex-wrap gap-1.5 align-middle" data-testid="filter-summary">
      {parts.map((part) => (
        <span
          key={part.label}
          className="inline-flex items-center gap-1 rounded-md bg-white px-2 py-0.5 text-xs ring-1 ring-inset ring-slate-300"
        >
          <span className="text-slate-500">{part.label}:</span>
          <span className="font-semibold text-slate-900">{part.value}</span>
        </span>
      ))}
    </span>
  );
}
