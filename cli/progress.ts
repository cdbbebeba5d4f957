import type { ImportCounts } from "../server/imports/import-job";

/** A progress line on stderr, redrawn at most twice a second. */
export function stderrProgress(bytesTotal: number | null): (p: { phase: string; bytesRead: number; counts: ImportCounts }) => void {
  let last = 0;
  const tty = process.stderr.isTTY;
  return ({ phase, bytesRead, counts }) => {
    const now = Date.now();
    if (now - last < 500 && phase === "reading") return;
    last = now;
    const percent = bytesTotal ? ` ${Math.min(100, Math.floor((bytesRead / bytesTotal) * 100))}%` : "";
    const line = `${phase}${percent}: ${counts.rows.toLocaleString("en-GB")} rows, ${counts.rejected.toLocaleString("en-GB")} rejected`;
    process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    if (tty && phase !== "reading") process.stderr.write("\n");
  };
}
