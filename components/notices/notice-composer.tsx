"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { formatCount } from "@/lib/format/numbers";
import type { NoticeTemplateText, RenderedNotice } from "@/lib/notify/render-notice";
import { inputClass, primaryButton, secondaryButton } from "../timeline/form-field";
import { Card } from "../ui/card";
import { ClickButton, SubmitButton } from "../ui/submit-button";
import { NoticeAudiencePicker } from "./notice-audience-picker";
import { PlaceholderPicker, placeholderSnippet, type NoticePlaceholder } from "./placeholder-picker";

const PART_NAMES: Record<keyof NoticeTemplateText, string> = { subject: "the subject", textBody: "the plain text", htmlBody: "the HTML" };

type PreviewResult =
  | { ok: true; accountId: string; to: string; from: string; replyTo: string | null; rendered: RenderedNotice }
  | { ok: false; errors?: Partial<Record<keyof NoticeTemplateText, string>>; message?: string };

type AudiencePreview = {
  recipients: number;
  selected: number;
  skipped: Partial<Record<string, number>>;
  firstAccounts: string[];
  needsApproval: boolean;
};

export type NoticeComposerActions = {
  save: (draft: NoticeTemplateText) => Promise<ActionResult & { version?: number; templateId?: string }>;
  preview: (draft: NoticeTemplateText, accountId: string) => Promise<PreviewResult>;
  testSend: (draft: NoticeTemplateText, accountId: string, staffIds: string[]) => Promise<ActionResult>;
  previewAudience: (audience: string) => Promise<{ ok: true; preview: AudiencePreview } | { ok: false; message: string }>;
  request: (input: { templateId: string; audience: string; expectedCount: number; requestKey: string }) => Promise<
    ActionResult & { campaignId?: string }
  >;
};

const SKIP_LABELS: Record<string, string> = {
  no_account: "no matching account",
  no_address: "no e-mail address",
  already_notified: "already notified by an earlier campaign",
};

function Message({ result }: { result: ActionResult | null }) {
  if (!result) return null;
  return (
    <p role="status" aria-live="polite" className={`text-sm ${result.ok ? "text-emerald-700" : "text-red-700"}`}>
      {result.message}
    </p>
  );
}

/**
 * The notice's editor with its live preview (rendered on the server for a
 * chosen exposed account), the test send to staff, and the audience's dry run
 * and request. What is requested is always a saved version.
 */
export function NoticeComposer({
  initial,
  saved,
  staff,
  currentStaffId,
  campaignsHref,
  actions,
  initialAudience,
  audienceOptions,
  accountsHref,
}: {
  initial: NoticeTemplateText;
  saved: { id: string; version: number; text: NoticeTemplateText } | null;
  staff: { id: string; label: string }[];
  /** Test sends go to the author by default. */
  currentStaffId: string;
  campaignsHref: string;
  actions: NoticeComposerActions;
  /** The audience to start from (the Exposed accounts view the author came from); "" for every account. */
  initialAudience: string;
  /** The filter's choices, as the Exposed accounts table offers them. */
  audienceOptions: { countries: readonly string[]; groups: readonly { id: number; label: string }[] };
  accountsHref: string;
}) {
  const id = useId();
  const router = useRouter();
  const [draft, setDraft] = useState<NoticeTemplateText>(initial);
  const [savedVersion, setSavedVersion] = useState(saved);
  const [accountId, setAccountId] = useState("");
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [part, setPart] = useState<"text" | "html">("text");
  const [saveResult, setSaveResult] = useState<ActionResult | null>(null);
  const [testTo, setTestTo] = useState<string[]>(staff.some((s) => s.id === currentStaffId) ? [currentStaffId] : []);
  const [testResult, setTestResult] = useState<ActionResult | null>(null);
  const [audience, setAudience] = useState(initialAudience);
  // Where a picked placeholder goes: the part last edited, at its cursor.
  const fields = useRef<Partial<Record<keyof NoticeTemplateText, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const [lastPart, setLastPart] = useState<keyof NoticeTemplateText>("textBody");
  const insertPlaceholder = (name: NoticePlaceholder) => {
    const field = fields.current[lastPart];
    const text = draft[lastPart];
    const start = field?.selectionStart ?? text.length;
    const end = field?.selectionEnd ?? start;
    const snippet = placeholderSnippet(name, lastPart);
    setDraft((d) => ({ ...d, [lastPart]: text.slice(0, start) + snippet + text.slice(end) }));
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };
  const [audiencePreview, setAudiencePreview] = useState<{ audience: string; preview: AudiencePreview } | null>(null);
  const [requestResult, setRequestResult] = useState<ActionResult | null>(null);
  const [requestKey] = useState(() => crypto.randomUUID());
  const [pending, startTransition] = useTransition();

  const unsaved = useMemo(
    () =>
      !savedVersion ||
      savedVersion.text.subject !== draft.subject ||
      savedVersion.text.textBody !== draft.textBody ||
      savedVersion.text.htmlBody !== draft.htmlBody,
    [draft, savedVersion],
  );

  // Live preview: rendered on the server a moment after the last keystroke.
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(async () => {
      const result = await actions.preview(draft, accountId).catch(() => ({ ok: false as const, message: "The server did not answer." }));
      if (!stale) setPreview(result);
    }, 350);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [draft, accountId, actions]);

  const errors = preview && !preview.ok ? (preview.errors ?? {}) : {};
  const set = (field: keyof NoticeTemplateText) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));

  return (
    <div className="space-y-5">
      <div className="grid gap-5 xl:grid-cols-2 xl:items-start">
        <Card
          title="1. The notice"
          description={savedVersion ? `Version ${savedVersion.version} saved${unsaved ? "; you have unsaved changes" : ""}.` : "Not saved yet."}
        >
          <form
            method="post"
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              startTransition(async () => {
                const result = await actions.save(draft);
                setSaveResult(result);
                if (result.ok && result.templateId && result.version) {
                  setSavedVersion({ id: result.templateId, version: result.version, text: draft });
                }
              });
            }}
          >
            <div>
              <label htmlFor={`${id}-subject`} className="block text-xs font-medium text-slate-700">
                Subject
              </label>
              <input id={`${id}-subject`} ref={(el) => { fields.current.subject = el; }} onFocus={() => setLastPart("subject")} className={inputClass} value={draft.subject} onChange={set("subject")} maxLength={300} aria-invalid={errors.subject ? true : undefined} />
              {errors.subject ? <p className="mt-1 text-xs text-red-600" aria-live="polite">{errors.subject}</p> : null}
            </div>
            <div>
              <label htmlFor={`${id}-text`} className="block text-xs font-medium text-slate-700">
                Plain text (always sent)
              </label>
              <textarea id={`${id}-text`} ref={(el) => { fields.current.textBody = el; }} onFocus={() => setLastPart("textBody")} className={`${inputClass} h-64 font-mono text-xs leading-relaxed`} value={draft.textBody} onChange={set("textBody")} aria-invalid={errors.textBody ? true : undefined} />
              {errors.textBody ? <p className="mt-1 text-xs text-red-600" aria-live="polite">{errors.textBody}</p> : null}
            </div>
            <div>
              <label htmlFor={`${id}-html`} className="block text-xs font-medium text-slate-700">
                HTML (optional; every value is escaped)
              </label>
              <textarea id={`${id}-html`} ref={(el) => { fields.current.htmlBody = el; }} onFocus={() => setLastPart("htmlBody")} className={`${inputClass} h-40 font-mono text-xs leading-relaxed`} value={draft.htmlBody} onChange={set("htmlBody")} aria-invalid={errors.htmlBody ? true : undefined} />
              {errors.htmlBody ? <p className="mt-1 text-xs text-red-600" aria-live="polite">{errors.htmlBody}</p> : null}
            </div>
            <PlaceholderPicker target={PART_NAMES[lastPart]} onInsert={insertPlaceholder} />
            <div className="flex flex-wrap items-center gap-3">
              <SubmitButton className={primaryButton} disabled={pending || !unsaved}>
                {savedVersion ? `Save as version ${savedVersion.version + 1}` : "Save version 1"}
              </SubmitButton>
              <Message result={saveResult} />
            </div>
          </form>
        </Card>

        <Card title="2. Preview and test" description="Rendered on the server for one exposed account, as that customer will receive it.">
          <div className="space-y-4">
            <div>
              <label htmlFor={`${id}-account`} className="block text-xs font-medium text-slate-700">
                Preview for account id
              </label>
              <input
                id={`${id}-account`}
                className={inputClass}
                value={accountId}
                placeholder="The highest-risk account when empty"
                onChange={(e) => setAccountId(e.target.value)}
              />
            </div>
            {preview?.ok ? (
              <div className="overflow-hidden rounded-lg border border-slate-200" data-testid="notice-preview">
                <dl className="grid grid-cols-[5.5rem_minmax(0,1fr)] gap-x-3 gap-y-1 border-b border-slate-200 bg-slate-50 px-4 py-3 text-xs">
                  <dt className="text-slate-500">From</dt>
                  <dd className="text-slate-800">{preview.from}</dd>
                  <dt className="text-slate-500">To</dt>
                  <dd className="text-slate-800">
                    {preview.to} <span className="text-slate-500">(account {preview.accountId}, alone)</span>
                  </dd>
                  <dt className="text-slate-500">Reply-To</dt>
                  <dd className="text-slate-800">{preview.replyTo ?? preview.from}</dd>
                  <dt className="text-slate-500">Subject</dt>
                  <dd className="font-medium text-slate-900" data-testid="notice-preview-subject">
                    {preview.rendered.subject}
                  </dd>
                </dl>
                <div className="flex gap-1 border-b border-slate-200 px-3 pt-2" role="tablist" aria-label="Message part">
                  {(["text", "html"] as const).map((p) => (
                    <button
                      key={p}
                      type="button"
                      role="tab"
                      aria-selected={part === p}
                      onClick={() => setPart(p)}
                      className={`rounded-t-md px-3 py-1.5 text-xs font-medium ${part === p ? "bg-white text-brand-700 ring-1 ring-slate-200" : "text-slate-500 hover:text-slate-800"}`}
                    >
                      {p === "text" ? "Plain text" : "HTML"}
                    </button>
                  ))}
                </div>
                {part === "text" ? (
                  <pre tabIndex={0} aria-label="Plain-text preview" className="max-h-96 overflow-auto whitespace-pre-wrap px-4 py-3 font-sans text-sm leading-relaxed text-slate-800" data-testid="notice-preview-text">
                    {preview.rendered.text}
                  </pre>
                ) : preview.rendered.html ? (
                  <iframe
                    title="HTML part"
                    sandbox=""
                    srcDoc={preview.rendered.html}
                    className="h-96 w-full bg-white"
                  />
                ) : (
                  <p className="px-4 py-3 text-sm text-slate-500">No HTML part: the plain text is sent alone.</p>
                )}
              </div>
            ) : preview && !preview.ok ? (
              <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="status">
                {preview.message ?? "Fix the highlighted fields to see the preview."}
              </p>
            ) : (
              <p className="text-sm text-slate-500">Rendering…</p>
            )}

            <fieldset className="space-y-2 border-t border-slate-100 pt-4">
              <legend className="text-xs font-medium text-slate-700">Send a test to staff (one message each)</legend>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {staff.map((s) => (
                  <label key={s.id} className="flex items-center gap-1.5 text-sm text-slate-700">
                    <input
                      type="checkbox"
                      checked={testTo.includes(s.id)}
                      onChange={(e) => setTestTo((old) => (e.target.checked ? [...old, s.id] : old.filter((x) => x !== s.id)))}
                    />
                    {s.label}
                  </label>
                ))}
              </div>
              <div className="flex flex-wrap items-center gap-3">
                <ClickButton
                  className={secondaryButton}
                  disabled={pending || testTo.length === 0}
                  onClick={() => startTransition(async () => setTestResult(await actions.testSend(draft, accountId, testTo)))}
                >
                  Send test
                </ClickButton>
                <Message result={testResult} />
              </div>
            </fieldset>
          </div>
        </Card>
      </div>

      <Card title="3. Audience and request" description="Who gets the notice, chosen with the Exposed accounts filters; frozen when you request it.">
        <form
          method="post"
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            startTransition(async () => {
              setRequestResult(null);
              const result = await actions.previewAudience(audience);
              if (result.ok) setAudiencePreview({ audience, preview: result.preview });
              else setRequestResult({ ok: false, message: result.message });
            });
          }}
        >
          <div className="flex flex-wrap items-end gap-3">
            <div className="min-w-[min(100%,18rem)] flex-1">
              <NoticeAudiencePicker
                initial={initialAudience}
                countries={audienceOptions.countries}
                groups={audienceOptions.groups}
                accountsHref={accountsHref}
                onChange={(next) => {
                  setAudience(next);
                  setAudiencePreview(null);
                }}
              />
            </div>
            <SubmitButton className={secondaryButton} disabled={pending}>
              Dry run
            </SubmitButton>
          </div>
          {audiencePreview ? (
            <div className="rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm" data-testid="audience-preview">
              <p className="text-slate-900">
                <strong className="tabular-nums">{formatCount(audiencePreview.preview.recipients)}</strong> customers get one message each
                {audiencePreview.preview.firstAccounts.length ? (
                  <span className="text-slate-500"> (first: {audiencePreview.preview.firstAccounts.join(", ")})</span>
                ) : null}
                .
              </p>
              {Object.entries(audiencePreview.preview.skipped).length ? (
                <ul className="mt-1 text-slate-600">
                  {Object.entries(audiencePreview.preview.skipped).map(([reason, n]) => (
                    <li key={reason}>
                      Left out: {formatCount(n ?? 0)} {SKIP_LABELS[reason] ?? reason}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p className="mt-1 text-slate-600">
                {audiencePreview.preview.needsApproval
                  ? "Above the four-eyes threshold: a second person must approve before anything is sent."
                  : "At or below the four-eyes threshold: sending starts at once."}
              </p>
              <div className="mt-3 flex flex-wrap items-center gap-3">
                <button
                  type="button"
                  className={primaryButton}
                  disabled={pending || unsaved || !savedVersion || audiencePreview.preview.recipients === 0}
                  onClick={() =>
                    startTransition(async () => {
                      const result = await actions.request({
                        templateId: savedVersion!.id,
                        audience: audiencePreview.audience,
                        expectedCount: audiencePreview.preview.recipients,
                        requestKey,
                      });
                      setRequestResult(result);
                      if (result.ok && result.campaignId) router.push(`${campaignsHref}/${result.campaignId}`);
                    })
                  }
                >
                  Request notice v{savedVersion?.version ?? "?"} to {formatCount(audiencePreview.preview.recipients)} customers
                </button>
                {unsaved ? <span className="text-xs text-amber-800">Save the notice first: a campaign sends a saved version.</span> : null}
              </div>
            </div>
          ) : null}
          <Message result={requestResult} />
        </form>
      </Card>
      <p className="text-xs text-slate-500">
        <Link href={campaignsHref} className="text-brand-700 underline underline-offset-2">
          All campaigns
        </Link>
      </p>
    </div>
  );
}
