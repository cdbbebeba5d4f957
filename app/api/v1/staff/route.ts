import { listStaffOperation } from "@/server/api/operations/staff";
import { operationRoute } from "@/server/api/operation-route";
import { listStaffUsers } from "@/server/staff/list-staff-users";

export const dynamic = "force-dynamic";

export const GET = operationRoute(listStaffOperation, async ({ db }) => ({
  status: 200,
  body: { staff: await listStaffUsers(db) },
}));
