import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center px-6">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Nothing here</h1>
        <p className="mt-2 text-sm text-slate-600">The page or incident you asked for does not exist.</p>
        <Link href="/incidents" className="mt-6 inline-block text-sm font-semibold text-brand-600 hover:text-brand-700">
          Go to the incident list
        </Link>
      </div>
    </main>
  );
}
