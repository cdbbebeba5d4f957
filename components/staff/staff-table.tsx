import type { FormAction } from "@/lib/action-result";
import type { Permission, Role } from "@/lib/auth/permissions";
import { formatUtc } from "@/lib/format/dates";
import { Badge } from "../ui/badge";
import { TableHead } from "../ui/table-head";
import { RoleForm } from "./role-form";
import { StaffAccessForms } from "./staff-access-forms";

export type StaffRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  lastSignInAt: Date | null;
  totpEnabledAt: Date | null;
  ssoSubject: string | null;
  /** What each of their working API tokens was made to do. */
  apiTokenGrants: readonly (readonly Permission[])[];
};

export function StaffTable({
  staff,
  currentUserId,
  changeRole,
  signOutEverywhere,
  setActive,
  setPassword,
  resetSecondFactor,
}: {
  staff: StaffRow[];
  currentUserId: string;
  changeRole: FormAction;
  signOutEverywhere: FormAction;
  setActive: FormAction;
  setPassword: FormAction;
  resetSecondFactor: FormAction;
}) {
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Staff users</caption>
        <TableHead columns={["Name", "E-mail", "Status", "Last sign-in", "Role", "Access"]} />
        <tbody className="divide-y divide-slate-100">
          {staff.map((user) => (
            <tr key={user.id}>
              <td className="px-5 py-3 font-medium text-slate-900">
                {user.name}
                {user.id === currentUserId ? (
                  <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>
                ) : null}
              </td>
              <td className="px-5 py-3 text-slate-700">{user.email}</td>
              <td className="px-5 py-3">
                <span className="flex flex-wrap gap-1">
                  {user.active ? <Badge tone="success">Active</Badge> : <Badge>Deactivated</Badge>}
                  {user.totpEnabledAt ? <Badge tone="info">Authenticator app</Badge> : null}
                  {user.ssoSubject ? <Badge tone="info">SSO</Badge> : null}
                </span>
              </td>
              <td className="px-5 py-3 text-slate-600">{user.lastSignInAt ? formatUtc(user.lastSignInAt) : "Never"}</td>
              <td className="px-5 py-3">
                <RoleForm
                  userId={user.id}
                  email={user.email}
                  role={user.role}
                  apiTokenGrants={user.apiTokenGrants}
                  action={changeRole}
                />
              </td>
              <td className="px-5 py-3">
                <StaffAccessForms
                  userId={user.id}
                  email={user.email}
                  active={user.active}
                  signOutEverywhere={signOutEverywhere}
                  setActive={setActive}
                  setPassword={setPassword}
                  secondFactor={user.totpEnabledAt !== null}
                  resetSecondFactor={user.id === currentUserId ? undefined : resetSecondFactor}
                  self={user.id === currentUserId}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
