"use client";

import { ErrorPanel } from "@/components/ui/error-panel";

export default function IncidentError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel title="This incident could not be loaded." {...props} />;
}
