"use client";

import { useState, useTransition } from "react";
import { formatCount } from "@/lib/format/numbers";
import { primaryButton } from "../timeline/form-field";
import { ClickButton } from "../ui/submit-button";

type Report = {
  entries: number;
  ok: boolean;
  head: string;
  lastId: number;
  firstBad?: { id: number; problem: string };
  ms: number;
};
type Result = { ok: true; report: Report } | { ok: false; message: string };

const PROBLEMS: Record<string, string> = {
  edited: "its content no longer matches its hash (edited)",
  "broken-link": "it is not chained to the entry before it (an entry was deleted, inserted or moved)",
  unsealed: "it has no hash (written around the chain)",
  "not-keyed": "its link is plain SHA-256 where the audit key's HMAC is required (the chain was recomputed without the key)",
  "head-mismatch": "the chain does not end at the recorded head, or the head's signature is wrong (entries removed from the end, or the head rewritten)",
};

/** Runs `audit verify` on the server and says what it found, in words. */
export function VerifyChainPanel({ verify }: { verify: () => Promise<Result> }) {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <ClickButton className={primaryButton} disabled={pending} onClick={() => start(async () => setResult(await verify()))}>
        {pending ? "Verifying every entry…" : "Verify the whole chain now"}
      </ClickButton>
      <div aria-live="polite">
        {result?.ok === false ? <p className="text-sm text-red-700">{result.message}</p> : null}
        {result?.ok && result.report.ok ? (
          <p className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800" data-testid="audit-verify-result">
            Intact: {formatCount(result.report.entries)} entries checked in {formatCount(result.report.ms)} ms. Head{" "}
            <code className="break-all font-mono text-xs">{result.report.head}</code>
          </p>
        ) : null}
        {result?.ok && !result.report.ok ? (
          <p className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="audit-verify-result">
            Broken at entry #{result.report.firstBad?.id}: {PROBLEMS[result.report.firstBad?.problem ?? ""] ?? result.report.firstBad?.problem}.{" "}
            {formatCount(result.report.entries)} entries read.
          </p>
        ) : null}
      </div>
    </div>
  );
}
