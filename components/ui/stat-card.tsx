import type { ReactNode } from "react";

export function StatCard({
  label,
  value,
  detail,
  tone = "default",
  icon,
}: {
  label: string;
  value: string;
  detail?: ReactNode;
  tone?: "default" | "danger" | "warning" | "success";
  icon?: ReactNode;
}) {
  const accent = {
    default: "before:bg-brand-500",
    danger: "before:bg-red-500",
    warning: "before:bg-amber-500",
    success: "before:bg-emerald-500",
  }[tone];
  return (
    <div
      className={`relative overflow-hidden rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm before:absolute before:inset-y-0 before:left-0 before:w-1 ${accent}`}
    >
      <dt className="flex items-center gap-2 text-xs font-medium uppercase tracking-wide text-slate-500">
        {icon}
        {label}
      </dt>
      <dd className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</dd>
      {detail ? <dd className="mt-1 text-xs text-slate-500">{detail}</dd> : null}
    </div>
  );
}
