import Link from "next/link";
import { formatUtc } from "@/lib/format/dates";
import { TableHead } from "../ui/table-head";

export type SecurityChangeRow = {
  id: number;
  accountId: number;
  accountExternalId: string;
  email: string;
  kind: string;
  occurredAt: Date;
  ip: string | null;
};

const KIND_LABEL: Record<string, string> = {
  password_change: "Password changed",
  two_factor_change: "2FA changed",
  email_change: "E-mail changed",
  withdrawal_address_change: "Withdrawal address changed",
};

export function SecurityChangesTable({ rows, accountHrefBase }: { rows: SecurityChangeRow[]; accountHrefBase: string }) {
  if (rows.length === 0)
    return <p className="text-sm text-slate-500">No security changes on exposed accounts after T0.</p>;
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Latest security changes on exposed accounts after T0</caption>
        <TableHead columns={["When", "Account", "E-mail", "Change", "IP"]} cell="px-5 py-2.5" />
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="whitespace-nowrap px-5 py-2.5 text-slate-600">{formatUtc(row.occurredAt)}</td>
              <td className="px-5 py-2.5 font-mono text-xs">
                <Link href={`${accountHrefBase}/${row.accountId}`} className="text-brand-700 hover:underline">
                  {row.accountExternalId}
                </Link>
              </td>
              <td className="px-5 py-2.5 text-slate-800" data-testid="customer-email">
                {row.email}
              </td>
              <td className="px-5 py-2.5">
                <span className="font-medium text-red-700">{KIND_LABEL[row.kind] ?? row.kind}</span>
              </td>
              <td className="px-5 py-2.5 font-mono text-xs text-slate-500">{row.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
