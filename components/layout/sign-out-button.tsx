"use client";

import { signOut } from "next-auth/react";
import { useHydrated } from "../ui/use-hydrated";

export function SignOutButton() {
  // Before hydration a click would do nothing while the session stayed: the button waits for it.
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      disabled={!hydrated}
      onClick={() => void signOut({ callbackUrl: "/login" })}
      className="rounded-md px-2 py-1 text-xs font-medium text-slate-400 ring-1 ring-inset ring-white/10 hover:bg-white/5 hover:text-white"
    >
      Sign out
    </button>
  );
}
