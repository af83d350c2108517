import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../lib/feeds/atom.ts";
import { renderRss } from "../../lib/feeds/rss.ts";
import { feedDocument } from "../fixtures/articles.ts";

const SCRIPT = '<script xmlns="http://www.w3.org/1999/xhtml" src="https://feeds.anapress.net/static/feed-view.js" data-time-zone="Asia/Damascus"/>';

describe("the browser view a feed names", () => {
  it.each([
    ["RSS", renderRss],
    ["Atom", renderAtom],
  ])("%s: a CSS stylesheet instruction and one XHTML script, never XSLT", (_format, render) => {
    const xml = render(feedDocument());
    expect(xml).not.toContain("text/xsl");
    expect(xml.split("\n")[1]).toBe('<?xml-stylesheet type="text/css" href="https://feeds.anapress.net/static/feed.css"?>');
    expect(xml.split(SCRIPT)).toHaveLength(2);
  });

  it("puts the script after the channel's own elements and before the first item in RSS", () => {
    const xml = renderRss(feedDocument());
    expect(xml.indexOf(SCRIPT)).toBeGreaterThan(xml.indexOf("</image>"));
    expect(xml.indexOf(SCRIPT)).toBeLessThan(xml.indexOf("<item>"));
  });

  it("puts the script before the first entry in Atom, where RFC 4287 allows foreign elements", () => {
    const xml = renderAtom(feedDocument());
    expect(xml.indexOf(SCRIPT)).toBeLessThan(xml.indexOf("<entry>"));
  });

  it("leaves out the script without a usable url, and the time zone attribute without a zone", () => {
    expect(renderRss(feedDocument({ viewScriptUrl: "javascript:alert(1)" }))).not.toContain("<script");
    expect(renderAtom(feedDocument({ viewScriptUrl: undefined }))).not.toContain("<script");
    expect(renderRss(feedDocument({ viewTimeZone: undefined }))).toContain(
      '<script xmlns="http://www.w3.org/1999/xhtml" src="https://feeds.anapress.net/static/feed-view.js"/>',
    );
  });
});

describe("public/feed-view.js", () => {
  const source = readFileSync(new URL("../../public/feed-view.js", import.meta.url), "utf8");

  it("makes no network request and writes no markup or inline style: it only reads the document it runs in", () => {
    expect(source).not.toMatch(/\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\s*\(|importScripts/);
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|new Function|setAttribute\(\s*['"](style|on)/);
  });

  it("formats dates with the settings of lib/pages/dates.ts", () => {
    expect(source).toContain("'ar-SA-u-ca-islamic-umalqura'");
    expect(source).toContain("'ar-SY'");
    expect(source).toContain("hourCycle: 'h23'");
    expect(source).toContain("numberingSystem: 'latn'");
  });
});
