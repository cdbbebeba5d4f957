import Handlebars from "handlebars";
import { checkTemplateAst, type PlaceholderKind } from "./check-template-ast";

/*
 * Notice templates are Handlebars, in an environment of their own with only
 * the built-in block helpers (if, unless, each). The HTML part escapes every
 * value ({{x}}); the forms that would not ({{{x}}}, {{&x}}) are refused when
 * a template is saved, so account data can never inject markup. The subject
 * and the plain-text part are not HTML: they are rendered unescaped, and the
 * subject is folded onto one line. A placeholder that does not exist is an
 * error at save time, not a blank in 20,000 e-mails. The syntax tree is
 * checked (check-template-ast.ts) when a template is saved and again before
 * one is compiled to render, so a template stored before a rule existed is
 * refused too; each rendered part is capped at MAX_RENDERED_BYTES.
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

/** What each field of NoticeContext is, for the template check. */
const CONTEXT_FIELDS: Record<keyof NoticeContext, PlaceholderKind> = {
  maskedEmail: "text",
  accountId: "text",
  actions: "list",
  nextSteps: "list",
  supportContact: "text",
  leakDate: "text",
};

/** A rendered part larger than this is refused (the message would not be sent anyway). */
export const MAX_RENDERED_BYTES = 1024 * 1024;

const hb = Handlebars.create();
for (const helper of ["lookup", "log", "with"]) hb.unregisterHelper(helper);
const KNOWN_HELPERS = { if: true, unless: true, each: true };
type Compiled = { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate };

export type TemplateErrors = Partial<Record<keyof NoticeTemplateText, string>>;

class NoticeTemplateError extends Error {}

function compileOne(source: string, escape: boolean): HandlebarsTemplateDelegate {
  // The checked tree is what is compiled: strict (a missing value is an
  // error, never a walk up the prototype chain), no prototype access.
  return hb.compile(source, { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: !escape });
}

/** The problem of one part of a template, or null. */
function checkPart(source: string): string | null {
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(source);
  } catch (error) {
    return `Template error: ${(error as Error).message.split("\n")[0]}`;
  }
  return checkTemplateAst(ast, CONTEXT_FIELDS);
}

function capped(part: string, rendered: string): string {
  if (Buffer.byteLength(rendered, "utf8") > MAX_RENDERED_BYTES) {
    throw new NoticeTemplateError(`The notice's ${part} would be larger than 1 MB.`);
  }
  return rendered;
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
    const problem = checkPart(source);
    if (problem) {
      errors[field] = problem;
      continue;
    }
    try {
      capped(field, compileOne(source, escape)(SAMPLE_CONTEXT));
    } catch (error) {
      errors[field] = `Template error: ${(error as Error).message.split("\n")[0]}`;
    }
  }
  return errors;
}

/**
 * Compiles once, renders many (a campaign's sender keeps one per template
 * version). A template the check refuses renders nothing: each render throws
 * NoticeTemplateError with the reason.
 */
export function compileNoticeTemplate(template: NoticeTemplateText): (context: NoticeContext) => RenderedNotice {
  for (const field of ["subject", "textBody", "htmlBody"] as const) {
    const problem = checkPart(template[field]);
    if (problem) {
      const error = new NoticeTemplateError(`The template's ${field} is refused: ${problem}`);
      return () => {
        throw error;
      };
    }
  }
  const compiled: Compiled = {
    subject: compileOne(template.subject, false),
    text: compileOne(template.textBody, false),
    html: compileOne(template.htmlBody, true),
  };
  return (context) => ({
    subject: capped("subject", compiled.subject(context)).replace(/\s+/g, " ").trim(),
    text: capped("textBody", compiled.text(context)),
    html: template.htmlBody.trim() === "" ? "" : capped("htmlBody", compiled.html(context)),
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
