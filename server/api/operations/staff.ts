import { z } from "zod";
import { ROLES } from "../../../lib/auth/permissions";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, Time } from "../schemas/common";

const StaffMember = named(
  "StaffMember",
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    active: z.boolean(),
    lastSignInAt: NullableTime,
    createdAt: Time,
    totpEnabledAt: NullableTime,
    ssoSubject: z.string().nullable(),
  }),
);

export const listStaffOperation = defineOperation({
  method: "GET",
  path: "/staff",
  operationId: "listStaff",
  tag: "Staff",
  summary: "Staff users: role, whether active, last sign-in, second factor.",
  auth: { kind: "staff", permission: "staff.manage" },
  responses: { 200: { description: "The staff.", schema: z.object({ staff: z.array(StaffMember) }) } },
});
