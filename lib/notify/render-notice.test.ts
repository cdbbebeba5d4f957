import { describe, expect, it } from "vitest";
import { checkNoticeTemplate, DEFAULT_NOTICE_TEMPLATE, renderNotice, SAMPLE_CONTEXT } from "./render-notice";

describe("notice templates", () => {
  it("escape account data in the HTML part, keep it as written in the plain-text part", () => {
    const rendered = renderNotice(
      { subject: "For {{accountId}}", textBody: "Account {{accountId}}", htmlBody: "<p>Account {{accountId}}</p>" },
      { ...SAMPLE_CONTEXT, accountId: `<img src=x onerror="alert(1)">&` },
    );
    expect(rendered.html).toBe("<p>Account &lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt;&amp;</p>");
    expect(rendered.text).toBe(`Account <img src=x onerror="alert(1)">&`);
  });

  it("fold the subject onto one line, whatever the data holds", () => {
    const rendered = renderNotice(
      { subject: "Notice for {{accountId}}", textBody: "x", htmlBody: "" },
      { ...SAMPLE_CONTEXT, accountId: "A\r\nBcc: all@example.com" },
    );
    expect(rendered.subject).toBe("Notice for A Bcc: all@example.com");
    expect(rendered.html).toBe("");
  });

  it("refuse the unescaped forms, unknown placeholders, custom helpers and an empty plain-text part", () => {
    const base = { subject: "s", textBody: "t", htmlBody: "" };
    expect(checkNoticeTemplate({ ...base, htmlBody: "{{{maskedEmail}}}" }).htmlBody).toMatch(/Triple braces/);
    expect(checkNoticeTemplate({ ...base, htmlBody: "{{& maskedEmail}}" }).htmlBody).toMatch(/Triple braces/);
    expect(checkNoticeTemplate({ ...base, textBody: "{{password}}" }).textBody).toMatch(/Unknown placeholder \{\{password\}\}/);
    expect(checkNoticeTemplate({ ...base, textBody: "{{lookup actions 0}}" }).textBody).toMatch(/no helpers/);
    expect(checkNoticeTemplate({ ...base, textBody: "  " }).textBody).toMatch(/always sent/);
    expect(checkNoticeTemplate({ ...base, subject: "{{#if x}}" }).subject).toMatch(/Template error/);
    expect(checkNoticeTemplate(DEFAULT_NOTICE_TEMPLATE)).toEqual({});
  });

  it("render the default template's lists in both parts", () => {
    const rendered = renderNotice(DEFAULT_NOTICE_TEMPLATE, {
      ...SAMPLE_CONTEXT,
      actions: ["Reset <forced>", "Hold"],
    });
    expect(rendered.text).toContain("- Reset <forced>\n- Hold\n");
    expect(rendered.html).toContain("<li>Reset &lt;forced&gt;</li><li>Hold</li>");
    expect(rendered.text).toContain("j***@example.com");
    expect(rendered.text).not.toMatch(/unsubscribe/i);
  });
});
