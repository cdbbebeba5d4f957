import type { Metadata } from "next";
import { redirect } from "next/navigation";
import QRCode from "qrcode";
import { z } from "zod";
import { SecondFactorForm } from "@/components/auth/second-factor-form";
import { TotpEnrolledNotice } from "@/components/auth/totp-enrolled-notice";
import { TotpEnrolment } from "@/components/auth/totp-enrolment";
import { Logo } from "@/components/ui/logo";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { startTotpEnrolment } from "@/server/auth/second-factor";
import { getSignInState } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { confirmTotpEnrolmentAction, verifySecondFactorAction } from "./actions";

export const metadata: Metadata = { title: "Second factor" };

const SearchParams = z.object({ callbackUrl: z.string().optional() });

export default async function SecondFactorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const params = SearchParams.safeParse(await searchParams);
  const callbackUrl = safeCallbackUrl(params.success ? params.data.callbackUrl : undefined);
  const state = await getSignInState();
  if (state.kind === "signed_in") redirect(callbackUrl);
  if (state.kind === "signed_out") redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);

  let enrolment: { qrSvg: string; secret: string } | null = null;
  if (!state.totpEnabled) {
    const { secret, uri } = await startTotpEnrolment(await getDb(), {
      staffUserId: state.user.id,
      sessionId: state.sessionId,
    });
    // An SVG as a data: URL (img-src allows data:), so the strict CSP needs no exception.
    const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
    enrolment = { qrSvg: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, secret };
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-6 py-12">
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-3">
          <Logo className="h-8 w-8" />
          <span className="text-lg font-semibold">Breachdesk</span>
        </div>
        {state.totpNoticeAt ? <TotpEnrolledNotice at={state.totpNoticeAt} /> : null}
        {enrolment ? (
          <TotpEnrolment
            email={state.user.email}
            qrDataUrl={enrolment.qrSvg}
            secret={enrolment.secret}
            callbackUrl={callbackUrl}
            action={confirmTotpEnrolmentAction}
          />
        ) : (
          <SecondFactorForm email={state.user.email} callbackUrl={callbackUrl} action={verifySecondFactorAction} />
        )}
      </div>
    </main>
  );
}
