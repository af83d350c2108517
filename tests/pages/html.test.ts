import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { escapeHtml, html, raw, safeUrl } from "../../lib/pages/html.ts";
import { cleanText } from "../../lib/text/xml-chars.ts";
import { parse, text, byTag } from "./dom.ts";

describe("html template", () => {
  it("escapes the five markup characters in interpolated values", () => {
    expect(html`<p title="${`"'`}">${"<b>&</b>"}</p>`.toString()).toBe('<p title="&quot;&#39;">&lt;b&gt;&amp;&lt;/b&gt;</p>');
  });

  it("keeps raw and nested html as markup", () => {
    const inner = html`<em>${"x<y"}</em>`;
    expect(html`<p>${inner}${raw("<br>")}</p>`.toString()).toBe("<p><em>x&lt;y</em><br></p>");
  });

  it("renders nothing for null, undefined and false, and joins arrays", () => {
    expect(html`${null}${undefined}${false}${["a", html`<i>b</i>`, 3]}`.toString()).toBe("a<i>b</i>3");
  });

  it("strips XML-forbidden characters such as NUL and lone surrogates", () => {
    expect(escapeHtml("أ\u0000ب\uD800ج\uFFFF")).toBe("أبج");
  });

  it("round-trips any text through a real parser as the same cleaned text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string(), (a, b) => {
        const doc = parse(html`<p>${a}${b}</p>`.toString());
        expect(text(byTag(doc, "p")[0]).replace(/\s+/g, " ").trim()).toBe(cleanText(a + b).replace(/\s+/g, " ").trim());
      }),
    );
  });
});

describe("safeUrl", () => {
  it("keeps http, https and site-relative urls", () => {
    expect(safeUrl("https://a.example/x")).toBe("https://a.example/x");
    expect(safeUrl("http://anapress.net/a/1")).toBe("http://anapress.net/a/1");
    expect(safeUrl("/articles/1")).toBe("/articles/1");
  });

  it("replaces script, data and protocol-relative urls with #", () => {
    expect(safeUrl("javascript:alert(1)")).toBe("#");
    expect(safeUrl(" JavaScript:alert(1)")).toBe("#");
    expect(safeUrl("data:text/html,x")).toBe("#");
    expect(safeUrl("//evil.example/x")).toBe("#");
    expect(safeUrl("not a url")).toBe("#");
  });
});
