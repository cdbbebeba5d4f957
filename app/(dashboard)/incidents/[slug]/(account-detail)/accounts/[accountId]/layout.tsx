import type { ReactNode } from "react";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/server/auth/session";
import { loadIncidentOr404 } from "../../../load-incident";
import { loadExposedAccountOr404 } from "./load-account";

// A missing account must answer HTTP 404. The check runs here, outside the
// page's loading boundary: once a loading skeleton has streamed, the status
// is already 200. (This folder sits in a route group of its own so that the
// account list's loading.tsx does not wrap it either.)
export default async function ExposedAccountLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string; accountId: string }>;
}) {
  const user = await requirePagePermission("accounts.read");
  const { slug, accountId } = await params;
  await loadExposedAccountOr404(await loadIncidentOr404(slug), accountId, can(user.role, "accounts.read_unmasked"));
  return children;
}
