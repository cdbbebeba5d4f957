// What leaves Breachdesk for a SIEM: one audit entry with its place in the
// chain (its id, its hash and the previous entry's hash), so the SIEM holds an
// independent copy of the chain that `breachdesk audit verify --against`
// compares with the database's.

export type ForwardedEntry = {
  id: number;
  /** ISO 8601, UTC, milliseconds. */
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  incidentId: string | null;
  targetType: string | null;
  targetId: string | null;
  detail: unknown;
  ip: string | null;
  prevHash: string;
  hash: string;
  keyed: boolean;
};

/** The SD-ID of the entry's structured data: a name under the documentation PEN (RFC 5612). */
export const SYSLOG_SD_ID = "breachdesk@32473";
export const SYSLOG_APP_NAME = "breachdesk";
/** Facility 13 (log audit), severity 6 (informational). */
export const SYSLOG_PRI = 13 * 8 + 6;
