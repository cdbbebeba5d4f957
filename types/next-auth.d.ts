import type { Role } from "../lib/auth/permissions";

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    /** The staff user's session version when the token was issued. */
    sv?: number;
  }
}

declare module "next-auth" {
  interface Session {
    user: { id?: string; role?: Role; sessionVersion?: number; name?: string | null; email?: string | null };
  }
}
