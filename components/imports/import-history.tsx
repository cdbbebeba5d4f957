import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { Badge } from "../ui/badge";
import { TableHead } from "../ui/table-head";

export type ImportHistoryRow = {
  id: string;
  kind: string;
  status: string;
  fileName: string;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  error: string | null;
  startedAt: string;
  startedBy: string | null;
};

const KIND: Record<string, string> = {
  recipients: "Recipient list",
  messages: "Sent messages",
  accounts: "Customer directory",
  events: "Security events",
};

export function ImportHistory({ rows }: { rows: ImportHistoryRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500">Nothing imported yet.</p>;
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Imports, newest first</caption>
        <TableHead
          columns={[
            "Started",
            "What",
            "File",
            "Status",
            { label: "Rows", align: "right" },
            { label: "Imported", align: "right" },
            { label: "Known", align: "right" },
            { label: "Rejected", align: "right" },
          ]}
          cell="px-4 py-2.5"
        />
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="whitespace-nowrap px-4 py-2.5 text-slate-600">
                {formatUtc(row.startedAt)}
                <div className="text-xs text-slate-500">{row.startedBy ?? "command line"}</div>
              </td>
              <td className="whitespace-nowrap px-4 py-2.5 text-slate-800">{KIND[row.kind] ?? row.kind}</td>
              <td className="max-w-[12rem] truncate px-4 py-2.5 font-mono text-xs text-slate-600" title={row.fileName}>
                {row.fileName}
              </td>
              <td className="px-4 py-2.5">
                {row.status === "completed" ? (
                  <Badge tone="success">Completed</Badge>
                ) : row.status === "running" ? (
                  <Badge tone="info">Running</Badge>
                ) : (
                  <span title={row.error ?? undefined}>
                    <Badge tone="danger">Failed</Badge>
                    {row.error ? <span className="mt-1 block max-w-xs text-xs text-red-700">{row.error}</span> : null}
                  </span>
                )}
              </td>
              <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(row.rows)}</td>
              <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(row.imported)}</td>
              <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(row.duplicates)}</td>
              <td className="px-4 py-2.5 text-right tabular-nums">
                {row.rejected > 0 ? (
                  <a
                    href={`/api/v1/imports/${row.id}/rejects`}
                    className="font-medium text-red-700 underline"
                    title="Download the rejected rows"
                  >
                    {formatCount(row.rejected)}
                  </a>
                ) : (
                  "0"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
