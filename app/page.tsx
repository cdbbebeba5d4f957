import { redirect } from "next/navigation";
import { landingPath } from "@/lib/auth/landing";
import { requireUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listOpenIncidentSlugs } from "@/server/incidents/list-open-incident-slugs";

export default async function Home() {
  const user = await requireUser();
  redirect(landingPath(user.role, await listOpenIncidentSlugs(await getDb())));
}
