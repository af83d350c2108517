import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../lib/feeds/atom.ts";
import { renderRss } from "../../lib/feeds/rss.ts";
import { articles, feedDocument, LEAD_TITLE, LEAD_URL } from "../fixtures/articles.ts";
import { findTool, run, writeTemp, xmllint } from "./support/tools.ts";

const XSL = new URL("../../public/feed.xsl", import.meta.url).pathname;
const NOTE = "هذه خلاصة RSS/Atom — انسخ الرابط إلى قارئ الخلاصات";

describe("public/feed.xsl", () => {
  const source = readFileSync(XSL, "utf8");

  it("is XSLT 1.0 without JavaScript", () => {
    expect(source).toContain('<xsl:stylesheet version="1.0"');
    expect(source).not.toMatch(/<script|javascript:|\son[a-z]+\s*=/i);
  });

  const lint = findTool("xmllint", "libxml2-utils");
  it.skipIf(!lint)("is well-formed XML", () => {
    expect(xmllint([XSL]).status).toBe(0);
  });

  const xsltproc = findTool("xsltproc", "xsltproc");
  it.skipIf(!xsltproc).each([
    ["RSS", renderRss(feedDocument())],
    ["Atom", renderAtom(feedDocument())],
  ])("renders the %s feed as a right-to-left Arabic page listing every article", (_format, feed) => {
    const [path] = writeTemp({ "feed.xml": feed });
    const result = run("xsltproc", ["--nonet", XSL, path!]);
    expect(result.stderr).toBe("");
    const html = result.stdout;
    expect(html).toContain('<html dir="rtl" lang="ar">');
    expect(html).toContain("<title>أنا برس — سياسة</title>");
    expect(html).toContain(NOTE);
    expect(html).toContain(`<a href="${LEAD_URL}">${LEAD_TITLE}</a>`);
    expect(html.match(/<li>/g)).toHaveLength(articles.length);
    expect(html).toMatch(/<time[^>]*>(Wed, 08 Jul 2020 18:57:00 GMT|2020-07-08 18:57 UTC)<\/time>/);
    expect(html).not.toContain("<script");
  });
});
