import type { Metadata } from "next";
import { z } from "zod";
import { ApiReference, type ApiDocument } from "@/components/api-reference/api-reference";
import { PageHeader } from "@/components/ui/page-header";
import { buildApiOpenApi, API_VERSION } from "@/server/api/openapi";
import { requirePagePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "API reference" };

const ReferenceQuery = z.object({ section: z.string().max(60).optional().catch(undefined) });

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Every role: every role may be given a token, and the reference holds no data.
export default async function ApiReferencePage({ searchParams }: Props) {
  await requirePagePermission("incidents.read");
  const { section } = ReferenceQuery.parse(await searchParams);
  const document = buildApiOpenApi() as unknown as ApiDocument;
  return (
    <div className="space-y-6">
      <PageHeader
        title="API reference"
        eyebrow={`REST API v${API_VERSION} · OpenAPI 3.1`}
        actions={
          <a
            href="/api/v1/openapi.json"
            className="inline-flex h-9 items-center rounded-md bg-white px-3 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            openapi.json
          </a>
        }
      >
        What the dashboard does, over HTTP, at <code className="font-mono text-xs">/api/v1</code>. This page and the
        document are built from the schemas the handlers parse and answer with, so they say what the API does.
      </PageHeader>
      <ApiReference document={document} section={section} />
    </div>
  );
}
