"use client";

import { useState } from "react";
import { formatCount } from "@/lib/format/numbers";
import { parseAccountIdList, type AccountIdList } from "@/lib/remediation/account-id-list";
import { inputClass } from "../timeline/form-field";
import { useHydrated } from "../ui/use-hydrated";
import { BulkRequestForm, type BulkRequestActions } from "./bulk-request-form";

/**
 * A bulk action over a file of the exchange's account ids (one per line, or
 * a CSV with an account id column). The file is read here; the server matches
 * the ids to the incident's exposed accounts and the preview says how many
 * are unknown or not exposed.
 */
export function BulkFromFile({ actions, defaultHoldHours }: { actions: BulkRequestActions; defaultHoldHours: number }) {
  const [list, setList] = useState<(AccountIdList & { name: string }) | null>(null);
  // A file chosen before hydration would show as chosen and never be read (no change event reaches React).
  const hydrated = useHydrated();
  return (
    <div className="space-y-3">
      <label htmlFor="account-id-file" className="block text-xs font-medium text-slate-700">
        File of account ids (.csv or .txt)
      </label>
      <input
        id="account-id-file"
        type="file"
        accept=".csv,.txt,text/csv,text/plain"
        className={inputClass}
        disabled={!hydrated}
        onChange={async (event) => {
          const file = event.currentTarget.files?.[0];
          setList(file ? { ...parseAccountIdList(await file.text()), name: file.name } : null);
        }}
      />
      <p aria-live="polite" className={`text-sm ${list?.error ? "text-red-700" : "text-slate-600"}`}>
        {list?.error
          ? list.error
          : list
            ? `${list.name}: ${formatCount(list.ids.length)} account ids${list.duplicates ? ` (${formatCount(list.duplicates)} repeated, counted once)` : ""}.`
            : ""}
      </p>
      {list && !list.error ? (
        <BulkRequestForm
          key={`${list.name}:${list.ids.length}`}
          selection={{ kind: "accounts", externalIds: list.ids }}
          selectionDescription={`the ${formatCount(list.ids.length)} account ids in ${list.name}`}
          actions={actions}
          defaultHoldHours={defaultHoldHours}
          onClose={() => setList(null)}
          title={`Bulk action on the ${formatCount(list.ids.length)} accounts of ${list.name}`}
        />
      ) : null}
    </div>
  );
}
