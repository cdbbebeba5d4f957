import { NextResponse } from "next/server";
import { getDb } from "@/server/db";
import { log } from "@/server/log";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the e2e harness. */
export async function GET() {
  try {
    const db = await getDb();
    await db.sql.query("SELECT 1");
    return NextResponse.json({ status: "ok", database: db.sql.kind });
  } catch (error) {
    log.error("health.database_unreachable", error);
    return NextResponse.json({ status: "error" }, { status: 503 });
  }
}
