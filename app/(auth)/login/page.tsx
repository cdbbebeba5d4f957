import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { z } from "zod";
import { LoginForm } from "@/components/auth/login-form";
import { SsoButton } from "@/components/auth/sso-button";
import { Logo } from "@/components/ui/logo";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { signInMethods } from "@/server/auth/oidc-config";
import { getSignInState } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

const SearchParams = z.object({
  callbackUrl: z.string().optional(),
  error: z.string().max(100).optional(),
});

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const params = SearchParams.safeParse(await searchParams);
  const callbackUrl = safeCallbackUrl(params.success ? params.data.callbackUrl : undefined);
  const state = await getSignInState();
  if (state.kind === "signed_in") redirect(callbackUrl);
  if (state.kind === "needs_second_factor") {
    redirect(`/login/second-factor?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  }
  const error = params.success ? signInErrorMessage(params.data.error) : null;
  const methods = signInMethods();

  return (
    <main className="grid min-h-screen lg:grid-cols-[1.1fr_1fr]">
      <section className="relative hidden overflow-hidden bg-ink-950 px-14 py-12 text-slate-200 lg:flex lg:flex-col">
        <div
          aria-hidden
          className="absolute inset-0 opacity-[0.07] [background-image:linear-gradient(#fff_1px,transparent_1px),linear-gradient(90deg,#fff_1px,transparent_1px)] [background-size:32px_32px]"
        />
        <div className="relative flex items-center gap-3">
          <Logo className="h-9 w-9" />
          <span className="text-lg font-semibold tracking-tight text-white">Breachdesk</span>
        </div>
        <div className="relative mt-auto max-w-lg">
          <h1 className="text-3xl font-semibold leading-tight tracking-tight text-white">
            Incident response for the day your customers&rsquo; data leaks.
          </h1>
          <p className="mt-4 text-sm leading-6 text-slate-300">
            Find every exposed account, force resets and hold withdrawals safely, and keep the timeline your managers
            and regulators need.
          </p>
          <dl className="mt-10 grid grid-cols-3 gap-6 border-t border-white/10 pt-6 text-xs">
            <div>
              <dt className="text-slate-500">Triage</dt>
              <dd className="mt-1 text-slate-300">Risk-ranked exposed accounts</dd>
            </div>
            <div>
              <dt className="text-slate-500">Remediate</dt>
              <dd className="mt-1 text-slate-300">Audited, idempotent actions</dd>
            </div>
            <div>
              <dt className="text-slate-500">Report</dt>
              <dd className="mt-1 text-slate-300">Timeline and regulatory clocks</dd>
            </div>
          </dl>
        </div>
      </section>
      <section className="flex items-center justify-center px-6 py-12">
        <div className="w-full max-w-sm">
          <div className="mb-8 flex items-center gap-3 lg:hidden">
            <Logo className="h-8 w-8" />
            <span className="text-lg font-semibold">Breachdesk</span>
          </div>
          <h2 className="text-xl font-semibold tracking-tight text-slate-900">Sign in to Breachdesk</h2>
          <p className="mt-1 text-sm text-slate-500">Staff access only. Every sign-in is recorded.</p>
          {methods.sso ? (
            <div className="mt-8 space-y-3">
              <SsoButton provider={methods.sso.name} callbackUrl={callbackUrl} />
              {!methods.password && error ? (
                <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
                  {error}
                </p>
              ) : null}
            </div>
          ) : null}
          {methods.sso && methods.password ? (
            <div className="mt-6 flex items-center gap-3 text-xs text-slate-500" aria-hidden>
              <span className="h-px flex-1 bg-slate-200" />
              or with your staff password
              <span className="h-px flex-1 bg-slate-200" />
            </div>
          ) : null}
          {methods.password ? (
            <div className={methods.sso ? "mt-6" : "mt-8"}>
              <LoginForm callbackUrl={callbackUrl} initialError={error} />
            </div>
          ) : null}
          <p className="mt-8 text-xs leading-5 text-slate-500">
            {methods.password
              ? "Forgot your password or locked out? Ask a Breachdesk admin to reset your access."
              : "Locked out? Ask your identity provider's administrator."}
          </p>
        </div>
      </section>
    </main>
  );
}
