import type { Role } from "../lib/auth/permissions";

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    /** The staff user's session version when the token was issued. */
    sv?: number;
    /** The server-side sign-in record (staff_sessions.id). */
    sid?: string;
  }
}

declare module "next-auth" {
  interface Session {
    user: {
      id?: string;
      role?: Role;
      sessionVersion?: number;
      sid?: string;
      name?: string | null;
      email?: string | null;
    };
  }
}
