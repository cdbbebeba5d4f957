import type { BalanceTier } from "../risk/balance-tiers";

/** A row (or message) that could not be imported. `raw` is at most 500 characters. */
export type Rejected = { line: number; reason: string; raw: string };

export type ParsedRecipient = {
  line: number;
  emailOriginal: string;
  emailNormalized: string;
  displayName: string | null;
  batchKey: string | null;
  sentAt: Date | null;
};

export type RecipientBatch = {
  rows: ParsedRecipient[];
  rejects: Rejected[];
  blankLines: number;
  bytesRead: number;
};

/**
 * The file as a whole cannot be read (no address column, binary content, corrupt zip...).
 * Row-level problems are Rejected rows instead; the message is shown to staff as it is.
 */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFormatError";
  }
}

export type MessageRecipient = {
  emailOriginal: string;
  emailNormalized: string;
  displayName: string | null;
  visibility: "to" | "cc" | "bcc";
};

export type ParsedMessage = {
  messageId: string | null;
  subject: string | null;
  sentAt: Date | null;
  recipients: MessageRecipient[];
  rejects: { reason: string; raw: string }[];
};

// One list of balance tiers for parsing and for the risk rules.
export { BALANCE_TIERS, type BalanceTier } from "../risk/balance-tiers";

export type ParsedAccount = {
  line: number;
  externalId: string;
  email: string;
  emailNormalized: string;
  twoFactorEnabled: boolean;
  balanceUsdCents: number | null;
  balanceTier: BalanceTier | null;
  country: string | null;
  openedAt: Date | null;
  lastLoginAt: Date | null;
};

/** The directory's optional columns, by the stored field each fills. */
export type AccountField =
  "twoFactorEnabled" | "balanceUsdCents" | "balanceTier" | "country" | "openedAt" | "lastLoginAt";

export type AccountBatch = {
  rows: ParsedAccount[];
  /** The optional columns the file has: an update leaves the other fields of an account as they are. */
  fields: AccountField[];
  rejects: Rejected[];
  blankLines: number;
  bytesRead: number;
};

export const SECURITY_EVENT_KINDS = [
  "login_new_device",
  "login_failed",
  "password_change",
  "two_factor_change",
  "email_change",
  "withdrawal_address_change",
  "api_key_created",
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export type ParsedSecurityEvent = {
  line: number;
  accountExternalId: string | null;
  email: string | null;
  emailNormalized: string | null;
  occurredAt: Date;
  kind: SecurityEventKind;
  ip: string | null;
  detail: string | null;
};

export type SecurityEventBatch = {
  rows: ParsedSecurityEvent[];
  rejects: Rejected[];
  blankLines: number;
  bytesRead: number;
};

const RAW_LIMIT = 500;

export function truncateRaw(text: string): string {
  return text.length > RAW_LIMIT ? text.slice(0, RAW_LIMIT) : text;
}
