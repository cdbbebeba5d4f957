import { NextResponse } from "next/server";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { listStaffUsers } from "@/server/staff/list-staff-users";

export const GET = apiHandler("staff.manage", async () => {
  const staff = await listStaffUsers(await getDb());
  return NextResponse.json({ staff });
});
