"use client";

import { signOut } from "next-auth/react";
import { ClickButton } from "../ui/submit-button";

export function SignOutButton() {
  return (
    <ClickButton
      onClick={() => void signOut({ callbackUrl: "/login" })}
      className="rounded-md px-2 py-1 text-xs font-medium text-slate-400 ring-1 ring-inset ring-white/10 hover:bg-white/5 hover:text-white"
    >
      Sign out
    </ClickButton>
  );
}
