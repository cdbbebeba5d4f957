import { env } from "../../server/env";
import { AppError } from "../../server/errors";
import { createStaffUser, CreateStaffUserInput } from "../../server/staff/create-staff-user";
import { withDb, type CommandContext } from "../context";

async function readPassword(): Promise<string> {
  const fromEnv = env().BREACHDESK_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) {
    throw new AppError("VALIDATION", "Pipe the password on standard input or set BREACHDESK_ADMIN_PASSWORD.", {
      password: "missing",
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export async function runAdminCreate(ctx: CommandContext, values: Record<string, string | boolean | undefined>) {
  const parsed = CreateStaffUserInput.safeParse({
    email: values.email,
    name: values.name,
    role: "admin",
    password: await readPassword(),
  });
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "input"), i.message]));
    throw new AppError("VALIDATION", "Cannot create the admin:", fields);
  }
  return withDb(ctx, async (db) => {
    const user = await createStaffUser(db, parsed.data, null);
    ctx.log(`Created admin ${user.email}. Sign in at /login.`);
    return { created: true, id: user.id, email: user.email, role: user.role };
  });
}
