import Handlebars from "handlebars";
export { NOTICE_PLACEHOLDERS } from "./placeholders";

/*
 * Notice templates are Handlebars, in an environment of their own with only
 * the built-in block helpers (if, unless, each). The HTML part escapes every
 * value ({{x}}); the forms that would not ({{{x}}}, {{&x}}) are refused when
 * a template is saved, so account data can never inject markup. The subject
 * and the plain-text part are not HTML: they are rendered unescaped, and the
 * subject is folded onto one line. A placeholder that does not exist is an
 * error at save time (strict mode), not a blank in 20,000 e-mails.
 */

export type NoticeTemplateText = { subject: string; textBody: string; htmlBody: string };

export type NoticeContext = {
  maskedEmail: string;
  accountId: string;
  actions: string[];
  nextSteps: string[];
  supportContact: string;
  leakDate: string;
};


export const SAMPLE_CONTEXT: NoticeContext = {
  maskedEmail: "j***@example.com",
  accountId: "EX-0001",
  actions: ["We required a new password for your account."],
  nextSteps: ["Sign in and choose a new password."],
  supportContact: "support@example.com",
  leakDate: "7 November 2019",
};

const hb = Handlebars.create();
for (const helper of ["lookup", "log", "with"]) hb.unregisterHelper(helper);
const KNOWN_HELPERS = { if: true, unless: true, each: true };
type Compiled = { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate };

type AstNode = { type?: string; escaped?: boolean; [key: string]: unknown };

function hasUnescapedOutput(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasUnescapedOutput);
  if (node === null || typeof node !== "object") return false;
  const n = node as AstNode;
  if (n.type === "MustacheStatement" && n.escaped === false) return true;
  return Object.entries(n).some(([key, value]) => key !== "loc" && hasUnescapedOutput(value));
}

export type TemplateErrors = Partial<Record<keyof NoticeTemplateText, string>>;

function compileOne(source: string, escape: boolean): HandlebarsTemplateDelegate {
  return hb.compile(source, { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: !escape });
}

/** The problems of a template, by field; an empty object when it can be saved. */
export function checkNoticeTemplate(template: NoticeTemplateText): TemplateErrors {
  const errors: TemplateErrors = {};
  const fields: [keyof NoticeTemplateText, boolean][] = [
    ["subject", false],
    ["textBody", false],
    ["htmlBody", true],
  ];
  for (const [field, escape] of fields) {
    const source = template[field];
    if (field !== "htmlBody" && source.trim() === "") {
      errors[field] = field === "subject" ? "A subject is required." : "The plain-text part is always sent: write it.";
      continue;
    }
    try {
      const ast = hb.parse(source);
      if (hasUnescapedOutput(ast)) {
        errors[field] = "Triple braces {{{…}}} and {{&…}} would insert text unescaped: use {{…}}.";
        continue;
      }
      compileOne(source, escape)(SAMPLE_CONTEXT);
    } catch (error) {
      errors[field] = `Template error: ${(error as Error).message.split("\n")[0]}`;
    }
  }
  return errors;
}

/** Compiles once, renders many (a campaign's sender keeps one per template version). */
export function compileNoticeTemplate(template: NoticeTemplateText): (context: NoticeContext) => RenderedNotice {
  const compiled: Compiled = {
    subject: compileOne(template.subject, false),
    text: compileOne(template.textBody, false),
    html: compileOne(template.htmlBody, true),
  };
  return (context) => ({
    subject: compiled.subject(context).replace(/\s+/g, " ").trim(),
    text: compiled.text(context),
    html: template.htmlBody.trim() === "" ? "" : compiled.html(context),
  });
}

export type RenderedNotice = { subject: string; text: string; html: string };

export function renderNotice(template: NoticeTemplateText, context: NoticeContext): RenderedNotice {
  return compileNoticeTemplate(template)(context);
}

export const DEFAULT_NOTICE_TEMPLATE: NoticeTemplateText = {
  subject: "Important: your e-mail address was shown to other customers",
  textBody: `Hello,

On {{leakDate}} we sent an e-mail that showed your address ({{maskedEmail}}) to other customers. We are sorry. Your password and your funds were not in that e-mail.

What we have done on your account {{accountId}}:
{{#each actions}}
- {{this}}
{{/each}}

What you should do:
{{#each nextSteps}}
- {{this}}
{{/each}}

Questions: reply to this message or write to {{supportContact}}.
`,
  htmlBody: `<p>Hello,</p>
<p>On {{leakDate}} we sent an e-mail that showed your address (<strong>{{maskedEmail}}</strong>) to other customers. We are sorry. Your password and your funds were not in that e-mail.</p>
<p>What we have done on your account {{accountId}}:</p>
<ul>{{#each actions}}<li>{{this}}</li>{{/each}}</ul>
<p>What you should do:</p>
<ul>{{#each nextSteps}}<li>{{this}}</li>{{/each}}</ul>
<p>Questions: reply to this message or write to {{supportContact}}.</p>
`,
};
