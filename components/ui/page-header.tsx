import type { ReactNode } from "react";

export function PageHeader({
  eyebrow,
  title,
  children,
  actions,
}: {
  eyebrow?: ReactNode;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4 border-b border-slate-200 pb-5">
      <div className="min-w-0 max-w-full">
        {eyebrow ? <div className="mb-1 break-words text-xs font-medium text-slate-500">{eyebrow}</div> : null}
        <h1 className="break-words text-xl font-semibold sm:text-2xl tracking-tight text-slate-900">{title}</h1>
        {children ? <div className="mt-2 text-sm text-slate-600">{children}</div> : null}
      </div>
      {actions ? <div className="flex max-w-full flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
