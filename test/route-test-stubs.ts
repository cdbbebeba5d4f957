import { can, type Permission, type Role } from "../lib/auth/permissions";
import { AppError } from "../server/errors";
import type { TestDb } from "./db";

// Route handler tests run the handlers end to end below the session: the
// database is real (the test's own), and the session, which needs a browser
// cookie, is the one thing stubbed. Each such test file's vi.mock factories
// import these, so the stubs and the state they read are written once:
//
//   vi.mock(import("../db"), async (original) => (await import("../../test/route-test-stubs")).withTestDb(await original()));
//   vi.mock("../auth/session", async () => ({ authorize: (await import("../../test/route-test-stubs")).authorizeTestUser }));

export type SignedInTestUser = { id: string; email: string; name: string; role: Role };

/** Who is signed in, and the database getDb() answers with: set by the tests. */
export const routeTest: { db: TestDb | null; user: SignedInTestUser | null } = { db: null, user: null };

/** The db module with getDb() answering the test's database. */
export function withTestDb<M extends object>(original: M): M & { getDb: () => Promise<TestDb> } {
  return {
    ...original,
    getDb: async () => {
      if (!routeTest.db) throw new Error("no test database");
      return routeTest.db;
    },
  };
}

/** authorize() as the session module does it, for the signed-in test user. */
export async function authorizeTestUser(permission: Permission): Promise<SignedInTestUser> {
  if (!routeTest.user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  if (!can(routeTest.user.role, permission)) throw new AppError("FORBIDDEN", "Your role does not allow this action.");
  return routeTest.user;
}
