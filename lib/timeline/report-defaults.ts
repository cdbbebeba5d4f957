import { formatCount } from "../format/numbers";

export type ReportStats = {
  leakedRecipients: number;
  uniqueAddresses: number;
  matchedAccounts: number;
  messages: number;
  openActions: number;
  completedActions: number;
  activeHolds: number;
  changedAfterT0: number;
};

/** The summary's fields, in the report's order: the form, the action and the editor share them. */
export const ARTICLE_33_FIELDS = [
  "natureOfBreach",
  "dataCategories",
  "approxSubjects",
  "approxRecords",
  "likelyConsequences",
  "measuresTaken",
] as const;

export type Article33Summary = {
  natureOfBreach: string;
  dataCategories: string;
  approxSubjects: number;
  approxRecords: number;
  likelyConsequences: string;
  measuresTaken: string;
};

/**
 * A first draft of the Article 33(3) summary, written from the incident's
 * data, for analysts to correct. It says only what the data shows.
 */
export function defaultArticle33Summary(input: {
  summary: string;
  stats: ReportStats;
  containedAt: Date | null;
  customersNotifiedAt: Date | null;
}): Article33Summary {
  const { stats } = input;
  const nature = [
    input.summary.trim(),
    `Personal data was disclosed to unauthorised recipients: ${formatCount(stats.leakedRecipients)} recipient ` +
      `entries in ${formatCount(stats.messages)} messages exposed ${formatCount(stats.uniqueAddresses)} distinct ` +
      `e-mail addresses to other recipients (a breach of confidentiality).`,
  ]
    .filter(Boolean)
    .join("\n\n");
  const consequences =
    "Recipients can see that each exposed person is a customer, which makes targeted phishing, credential " +
    "stuffing and account-takeover attempts likely, with a risk of financial loss from withdrawals." +
    (stats.changedAfterT0 > 0
      ? ` ${formatCount(stats.changedAfterT0)} exposed accounts have had security details changed since the ` +
        "company became aware, and are being reviewed for takeover."
      : "");
  const measures = [
    input.containedAt ? "Sending was stopped and the faulty mailing disabled." : "Containment is in progress.",
    stats.completedActions > 0 || stats.openActions > 0
      ? `${formatCount(stats.completedActions)} remediation actions (forced password resets, withdrawal holds) ` +
        `completed and ${formatCount(stats.openActions)} in progress; ${formatCount(stats.activeHolds)} withdrawal ` +
        "holds in force."
      : "Forced password resets and withdrawal holds for exposed accounts are being prepared.",
    input.customersNotifiedAt
      ? "Affected customers have been notified and warned about phishing."
      : "Affected customers are to be notified and warned about phishing.",
  ].join(" ");
  return {
    natureOfBreach: nature,
    dataCategories:
      "Contact data: e-mail addresses, and display names where the mailing list held them. Being on the list " +
      "also reveals that the person is a customer. No passwords, identity documents or payment data were disclosed.",
    approxSubjects: stats.uniqueAddresses,
    approxRecords: stats.leakedRecipients,
    likelyConsequences: consequences,
    measuresTaken: measures,
  };
}
