"use client";

import { useMemo } from "react";

/** A datalist of the browser's IANA zones, for the time-zone inputs. */
export function TimeZoneOptions({ id }: { id: string }) {
  const zones = useMemo(() => {
    const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
    return supported ? ["UTC", ...supported("timeZone")] : ["UTC"];
  }, []);
  return (
    <datalist id={id}>
      {zones.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}
