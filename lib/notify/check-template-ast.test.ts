import { describe, expect, it } from "vitest";
import { checkNoticeTemplate, compileNoticeTemplate, DEFAULT_NOTICE_TEMPLATE, MAX_RENDERED_BYTES, renderNotice, SAMPLE_CONTEXT } from "./render-notice";

const base = { subject: "s", textBody: "t", htmlBody: "" };
const textError = (textBody: string) => checkNoticeTemplate({ ...base, textBody }).textBody;

/** The template that froze the app: each level of inline partials doubles the output. */
function exponentialTemplate(levels: number): string {
  let source = `{{#*inline "p0"}}{{accountId}}{{/inline}}`;
  for (let i = 1; i <= levels; i++) source += `{{#*inline "p${i}"}}{{> p${i - 1}}}{{> p${i - 1}}}{{/inline}}`;
  return `${source}{{> p${levels}}}`;
}

describe("notice template check (syntax tree)", () => {
  it("refuses the exponential inline-partial template without rendering it", () => {
    const source = exponentialTemplate(20);
    expect(source.length).toBeLessThan(1100);
    expect(textError(source)).toMatch(/Inline partials and decorators .* not allowed .*line 1/);
    // Stored before the check existed: compiled for sending, it renders nothing.
    const render = compileNoticeTemplate({ ...base, textBody: source });
    expect(() => render(SAMPLE_CONTEXT)).toThrow(/refused: Inline partials/);
  });

  it("names every forbidden construct", () => {
    expect(textError("{{> footer}}")).toMatch(/^Partials/);
    expect(textError("{{#> layout}}x{{/layout}}")).toMatch(/^Partial blocks/);
    expect(textError(`{{#*inline "p"}}x{{/inline}}`)).toMatch(/^Inline partials/);
    expect(textError("{{* deco}}")).toMatch(/^Decorators/);
    expect(textError("{{constructor}}")).toMatch(/\{\{constructor\}\} is not allowed: "constructor"/);
    expect(textError("{{__proto__}}")).toMatch(/"__proto__" is not a placeholder/);
    expect(textError("{{accountId.constructor}}")).toMatch(/"constructor"/);
    expect(textError("{{[prototype]}}")).toMatch(/"prototype"/);
    expect(textError("{{#each actions}}{{../accountId}}{{/each}}")).toMatch(/no "\.\.\/" paths/);
    expect(textError("{{@root.accountId}}")).toMatch(/only @index, @first and @last/);
    expect(textError("{{actions.length}}")).toMatch(/plain name/);
    expect(textError("{{lookup actions 0}}")).toMatch(/no helpers/);
    expect(textError("{{#with actions}}x{{/with}}")).toMatch(/the blocks are \{\{#if\}\}/);
    expect(textError("{{#each leakDate}}x{{/each}}")).toMatch(/goes over a list/);
    expect(textError("{{#each actions}}{{#each nextSteps}}x{{/each}}{{/each}}")).toMatch(/goes over a list|inside \{\{#each\}\}/);
    expect(textError("{{#each actions as |a|}}{{a}}{{/each}}")).toMatch(/Block parameters/);
    expect(textError("{{#if (lookup actions 0)}}x{{/if}}")).toMatch(/Only placeholders/);
    expect(textError("{{this}}")).toMatch(/only meaningful inside/);
    expect(checkNoticeTemplate({ ...base, htmlBody: "{{{maskedEmail}}}" }).htmlBody).toMatch(/Triple braces/);
  });

  it("names an unknown placeholder and its line, with a suggestion", () => {
    expect(textError("Hello\n\n{{first_nam}}")).toBe(
      "Unknown placeholder {{first_nam}} (line 3): the placeholders are {{maskedEmail}}, {{accountId}}, {{actions}}, {{nextSteps}}, {{supportContact}}, {{leakDate}}.",
    );
    expect(textError("Dear\n{{masked_email}}")).toBe("Unknown placeholder {{masked_email}} (line 2): did you mean {{maskedEmail}}?");
    expect(textError("{{#if leakdat}}x{{/if}}")).toMatch(/Unknown placeholder \{\{leakdat\}\} \(line 1\): did you mean \{\{leakDate\}\}\?/);
    expect(textError("{{first_nam}}")).not.toMatch(/object Object/);
  });

  it("accepts what the product needs", () => {
    expect(checkNoticeTemplate(DEFAULT_NOTICE_TEMPLATE)).toEqual({});
    const template = {
      subject: "{{#if accountId}}For {{accountId}}{{/if}}",
      textBody: "{{#unless actions}}Nothing{{else}}{{#each actions}}{{@index}} {{#if @first}}first{{/if}} {{this}}{{/each}}{{/unless}}{{! a note }}",
      htmlBody: "",
    };
    expect(checkNoticeTemplate(template)).toEqual({});
    expect(renderNotice(template, SAMPLE_CONTEXT).text).toBe(`0 first ${SAMPLE_CONTEXT.actions[0]}`);
  });

  it("caps each rendered part at 1 MB", () => {
    const render = compileNoticeTemplate({ ...base, textBody: "{{#each actions}}{{this}}{{/each}}" });
    const big = "x".repeat(64 * 1024);
    expect(() => render({ ...SAMPLE_CONTEXT, actions: Array.from({ length: 17 }, () => big) })).toThrow(/larger than 1 MB/);
    expect(render({ ...SAMPLE_CONTEXT, actions: Array.from({ length: 15 }, () => big) }).text.length).toBeLessThanOrEqual(MAX_RENDERED_BYTES);
  });
});
