import type { Metadata } from "next";
import { CreateStaffForm } from "@/components/staff/create-staff-form";
import { StaffTable } from "@/components/staff/staff-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listStaffUsers } from "@/server/staff/list-staff-users";
import { listApiTokenGrantsByStaff } from "@/server/staff/staff-api-tokens";
import {
  changeStaffRoleAction,
  resetStaffSecondFactorAction,
  createStaffUserAction,
  setStaffActiveAction,
  setStaffPasswordAction,
  signOutStaffEverywhereAction,
} from "./actions";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const user = await requirePagePermission("staff.manage");
  const db = await getDb();
  const [users, tokenGrants] = await Promise.all([listStaffUsers(db), listApiTokenGrantsByStaff(db)]);
  const staff = users.map((u) => ({ ...u, apiTokenGrants: tokenGrants[u.id] ?? [] }));
  return (
    <div className="space-y-6">
      <PageHeader title="Staff">
        Who can use Breachdesk, and with which role. Role changes apply at the user&rsquo;s next request and are
        audited.
      </PageHeader>
      <Card title={`Staff users (${staff.length})`}>
        <StaffTable
          staff={staff}
          currentUserId={user.id}
          changeRole={changeStaffRoleAction}
          signOutEverywhere={signOutStaffEverywhereAction}
          setActive={setStaffActiveAction}
          setPassword={setStaffPasswordAction}
          resetSecondFactor={resetStaffSecondFactorAction}
        />
      </Card>
      <Card title="Add a staff user" description="They sign in with this e-mail address and password.">
        <CreateStaffForm action={createStaffUserAction} />
      </Card>
    </div>
  );
}
