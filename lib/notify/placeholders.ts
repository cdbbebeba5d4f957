// The placeholders a notice may use, for the editor's help (no template
// engine here: this module reaches the browser).
export const NOTICE_PLACEHOLDERS = {
  maskedEmail: "the customer's address, masked (j***@example.com)",
  accountId: "the customer's account id",
  actions: "what was done on the account (a list: {{#each actions}}…{{this}}…{{/each}})",
  nextSteps: "what the customer should do (a list)",
  supportContact: "where to ask questions (the reply-to address)",
  leakDate: "the day the leak began",
} as const;
