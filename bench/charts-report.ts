// Writes bench/results/remediation-charts.md from the JSON the two charts
// benchmarks (remediation-charts.ts, load-pages.ts) merge their results into.
import fs from "node:fs";
import path from "node:path";

type Data = {
  rows: number;
  pageDataMs: {
    snapshotHit: { median: number; max: number };
    firstRequestAfterAChange: { median: number; max: number };
    computation: { median: number; max: number };
  };
  queriesAloneMs: Record<string, number>;
  payloadBytes: number;
};
type Page = {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  htmlKb: number;
  htmlGzipKb: number;
  non2xx: number;
  errors: number;
};
/** One server's pages, and on PostgreSQL how many web processes served them. */
type LoadRun = Record<string, Page> & { webProcesses?: number };
type Results = {
  data?: { measuredAt: string; machine: { cpus: number; model: string }; note: string; postgres?: Data; pglite?: Data };
  load?: {
    measuredAt: string;
    conditions: string;
    postgres?: LoadRun;
    postgresOneProcess?: LoadRun;
    pglite?: LoadRun;
  };
};

const n = (v: number | undefined) => (v === undefined ? "–" : v.toLocaleString("en-US"));

export function writeChartsReport(root: string): void {
  const file = path.join(root, "bench", "results", "remediation-charts.json");
  const r = JSON.parse(fs.readFileSync(file, "utf8")) as Results;
  const lines: string[] = ["# Remediation charts benchmark", ""];
  if (r.data) {
    const { postgres: p, pglite: l } = r.data;
    lines.push(
      `Measured ${r.data.measuredAt} on ${r.data.machine.cpus} cores (${r.data.machine.model}). ${r.data.note}`,
      "",
      "## The remediation page's data (server time)",
      "",
      "| | PostgreSQL | PGlite |",
      "| --- | --- | --- |",
      `| Exposed accounts and remediation items | ${n(p?.rows)} | ${n(l?.rows)} |`,
      `| Page data from the stored snapshot (the usual request), median / max ms (target ≤ 200) | **${n(p?.pageDataMs.snapshotHit.median)}** / ${n(p?.pageDataMs.snapshotHit.max)} | ${n(l?.pageDataMs.snapshotHit.median)} / ${n(l?.pageDataMs.snapshotHit.max)} |`,
      `| First request after a bulk action moved the version (waits ≤ 150 ms, then serves the stored data), median / max ms | ${n(p?.pageDataMs.firstRequestAfterAChange.median)} / ${n(p?.pageDataMs.firstRequestAfterAChange.max)} | ${n(l?.pageDataMs.firstRequestAfterAChange.median)} / ${n(l?.pageDataMs.firstRequestAfterAChange.max)} |`,
      `| Full computation (every aggregate, plain SQL over all rows), median / max ms | ${n(p?.pageDataMs.computation.median)} / ${n(p?.pageDataMs.computation.max)} | ${n(l?.pageDataMs.computation.median)} / ${n(l?.pageDataMs.computation.max)} |`,
      ...Object.keys(p?.queriesAloneMs ?? l?.queriesAloneMs ?? {}).map(
        (q) => `| \`${q}\` alone, median ms | ${n(p?.queriesAloneMs[q])} | ${n(l?.queriesAloneMs[q])} |`,
      ),
      `| The data as JSON, bytes | ${n(p?.payloadBytes)} | ${n(l?.payloadBytes)} |`,
      "",
    );
  }
  if (r.load) {
    const { postgres: p, postgresOneProcess: one, pglite: l } = r.load;
    const names: [string, string][] = [
      ["floor", "Incident list (the lightest signed-in page: the baseline)"],
      ["overview", "Overview"],
      ["exposedAccounts", "Exposed accounts (50 rows)"],
      ["remediation", "Remediation"],
    ];
    const ofFloor = (run: LoadRun | undefined, key: string) => {
      const page = run?.[key] as Page | undefined;
      const floor = run?.floor as Page | undefined;
      return page && floor ? ` (${(page.requestsPerSecond / floor.requestsPerSecond).toFixed(2)})` : "";
    };
    const cell = (run: LoadRun | undefined, key: string) => {
      const page = run?.[key] as Page | undefined;
      return `${n(page?.requestsPerSecond)}${key === "floor" ? "" : ofFloor(run, key)} | ${n(page?.p50Ms)} / ${n(page?.p95Ms)}`;
    };
    lines.push(
      "## Pages under load (autocannon)",
      "",
      `Measured ${r.load.measuredAt}: ${r.load.conditions}. Targets on PostgreSQL: ≥ 100 req/s, p95 < 250 ms.`,
      `In brackets, each page's rate as a share of the baseline's in the same server: what the page costs beyond signing in and the app's frame.`,
      "",
      `| Page | PostgreSQL, ${p?.webProcesses ?? "–"} web processes: req/s | p50 / p95 ms | PostgreSQL, 1 web process: req/s | p50 / p95 ms | PGlite req/s | p50 / p95 ms | HTML KB (gzip) |`,
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...names.map(([key, label]) => {
        const html = (p?.[key] ?? l?.[key]) as Page | undefined;
        return `| ${label} | ${cell(p, key)} | ${cell(one, key)} | ${cell(l, key)} | ${n(html?.htmlKb)} (${n(html?.htmlGzipKb)}) |`;
      }),
      "",
    );
  }
  fs.writeFileSync(path.join(root, "bench", "results", "remediation-charts.md"), `${lines.join("\n")}\n`);
}
