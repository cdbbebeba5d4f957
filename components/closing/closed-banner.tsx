import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import type { ForgetStepProgress } from "@/lib/forget/progress";

const STEP_WORDS = {
  pseudonymise: { doing: "Pseudonymising the personal data", done: "Personal data pseudonymised" },
  erase: { doing: "Erasing the pseudonymised rows", done: "Pseudonymised rows erased" },
} as const;

function ForgetStepLine({ progress }: { progress: ForgetStepProgress }) {
  const words = STEP_WORDS[progress.step];
  if (progress.status === "done")
    return (
      <p className="text-slate-700">
        {words.done}
        {progress.finishedAt ? ` on ${formatUtc(progress.finishedAt)}` : ""} ({formatCount(progress.rowsDone)} rows).
      </p>
    );
  const label = `${words.doing}: part ${Math.min(progress.partsDone + 1, progress.parts)} of ${progress.parts}`;
  return (
    <div className="mt-2 space-y-1" data-testid={`forget-progress-${progress.step}`}>
      <p className="text-slate-700">
        {label}
        {progress.current ? ` (${progress.current})` : ""}, {formatCount(progress.rowsDone)} rows so far
        {progress.status === "queued" ? ", waiting for a worker" : ""}.
      </p>
      <progress className="h-2 w-full max-w-md" max={progress.parts} value={progress.partsDone} aria-label={label} />
    </div>
  );
}

/** Above every page of a closed incident: when it closed, that it is read-only, and its retention schedule. */
export function ClosedBanner({
  closedAt,
  pseudonymiseAt,
  eraseAt,
  closeHref,
  forgetting = [],
}: {
  closedAt: Date;
  pseudonymiseAt: Date | null;
  eraseAt: Date | null;
  closeHref: string | null;
  /** The forget steps begun (pseudonymisation, then erasure), with their progress. */
  forgetting?: readonly ForgetStepProgress[];
}) {
  return (
    <div
      role="status"
      className="rounded-lg border border-slate-300 bg-slate-100 px-4 py-3 text-sm text-slate-800"
      data-testid="closed-banner"
    >
      <p className="font-semibold">Closed on {formatUtc(closedAt)} · read-only</p>
      <p className="text-slate-600">
        {pseudonymiseAt ? <>Retention: the personal data is pseudonymised from {formatUtc(pseudonymiseAt)}</> : null}
        {eraseAt ? <>, the remainder erased from {formatUtc(eraseAt)}.</> : null}{" "}
        {closeHref ? (
          <a href={closeHref} className="font-semibold text-brand-700 hover:text-brand-600">
            Close details and reopening
          </a>
        ) : null}
      </p>
      {forgetting.map((progress) => (
        <ForgetStepLine key={progress.step} progress={progress} />
      ))}
    </div>
  );
}
