"use client";

import { ErrorPanel } from "@/components/ui/error-panel";

export default function ExposedAccountsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel title="The exposed accounts could not be loaded." {...props} />;
}
