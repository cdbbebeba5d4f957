import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center px-6">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-red-600">403 · Not permitted</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Your role cannot open this page</h1>
        <p className="mt-2 text-sm text-slate-600">
          The attempt was refused on the server. If you need this access, ask a Breachdesk admin to change your role.
        </p>
        <Link
          href="/"
          className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Back to the dashboard
        </Link>
      </div>
    </main>
  );
}
