import { NextResponse } from "next/server";
import { getDb } from "@/server/db";
import { checkDatabase } from "@/server/db/check-database";
import { log } from "@/server/log";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the e2e harness. */
export async function GET() {
  try {
    const { kind } = await checkDatabase(await getDb());
    return NextResponse.json({ status: "ok", database: kind });
  } catch (error) {
    log.error("health.database_unreachable", error);
    return NextResponse.json({ status: "error" }, { status: 503 });
  }
}
