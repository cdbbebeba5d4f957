import { ZodError } from "zod";
import { can } from "../../lib/auth/permissions";
import { createRoleToken } from "../../server/auth/create-role-token";
import { normalizeStaffEmail } from "../../server/auth/verify-staff-credentials";
import { AppError } from "../../server/errors";
import { withDb, type CommandContext } from "../context";

type Values = Record<string, string | boolean | undefined>;

/**
 * `breachdesk token create`: an API token with a role, for the staff member
 * named by --as (an admin; default the first active admin). The token is
 * printed once, in the JSON on stdout; only its hash is kept.
 */
export async function runTokenCreate(ctx: CommandContext, values: Values) {
  return withDb(ctx, async (db) => {
    const creator =
      typeof values.as === "string"
        ? await db.prisma.staffUser.findUnique({ where: { email: normalizeStaffEmail(values.as) } })
        : await db.prisma.staffUser.findFirst({
            where: { role: "admin", active: true },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          });
    if (!creator || !creator.active)
      throw new AppError(
        "NOT_FOUND",
        typeof values.as === "string" ? `No active staff user with e-mail ${values.as}.` : "There is no active admin.",
      );
    if (!can(creator.role, "api_tokens.manage"))
      throw new AppError("FORBIDDEN", `${creator.email} may not create API tokens (admins only).`);
    try {
      const created = await createRoleToken(
        db,
        {
          name: String(values.name ?? ""),
          role: values.role as never,
          incident: typeof values.incident === "string" ? values.incident : null,
          expiresInDays: typeof values["expires-days"] === "string" ? values["expires-days"] : 90,
        },
        creator,
      );
      ctx.log(
        `Created ${created.prefix}… (${created.role}) for ${creator.email}, expires ${created.expiresAt.toISOString()}. Keep the token: it is shown this once.`,
      );
      return { ...created, expiresAt: created.expiresAt.toISOString() };
    } catch (error) {
      if (error instanceof ZodError) {
        const fields = Object.fromEntries(
          error.issues.map((i) => [String(i.path[0] ?? "input").replace("expiresInDays", "expires-days"), i.message]),
        );
        throw new AppError("VALIDATION", "Cannot create the token:", fields);
      }
      throw error;
    }
  });
}
