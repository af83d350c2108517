import { describe, expect, it } from "vitest";
import { escapeAttribute, escapeText, parentElement, serializeXml, textElement, xmlProlog } from "../../lib/feeds/xml.ts";

describe("escapeText", () => {
  it("escapes &, < and >", () => {
    expect(escapeText("a & b < c > d")).toBe("a &amp; b &lt; c &gt; d");
  });

  it("never leaves a ]]> sequence, however often it repeats", () => {
    expect(escapeText("]]>]]]]>>]]>")).not.toContain("]]>");
  });

  it("escapes already-escaped entities again, so they read back literally", () => {
    expect(escapeText("&amp; &#13; &nbsp;")).toBe("&amp;amp; &amp;#13; &amp;nbsp;");
  });

  it("strips lone surrogates, C0 controls, U+FFFE and U+FFFF", () => {
    expect(escapeText("a\uD800b\u0001c\uFFFEd\uFFFFe\uDC00")).toBe("abcde");
  });

  it("keeps astral characters (surrogate pairs) intact", () => {
    expect(escapeText("𝔸😀")).toBe("𝔸😀");
  });

  it("keeps bidi controls (LRM, RLM, embeddings and isolates)", () => {
    const bidi = "\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";
    expect(escapeText(bidi)).toBe(bidi);
  });

  it("writes carriage returns as character references so parsers do not turn them into newlines", () => {
    expect(escapeText("a\r\nb")).toBe("a&#13;\nb");
  });
});

describe("escapeAttribute", () => {
  it("escapes both quote characters", () => {
    expect(escapeAttribute(`"x" 'y'`)).toBe("&quot;x&quot; &apos;y&apos;");
  });

  it("escapes < and & in attribute values", () => {
    expect(escapeAttribute("<إيران & الحرس>")).toBe("&lt;إيران &amp; الحرس&gt;");
  });

  it("writes tabs and newlines as references so attribute normalisation keeps them", () => {
    expect(escapeAttribute("a\tb\nc")).toBe("a&#9;b&#10;c");
  });
});

describe("serializeXml", () => {
  it("indents between elements but never inside text", () => {
    const tree = parentElement("a", {}, [parentElement("b", {}, [textElement("c", {}, "one\ntwo")])]);
    expect(serializeXml(tree)).toBe("<a>\n  <b>\n    <c>one\ntwo</c>\n  </b>\n</a>");
  });

  it("drops undefined attributes and self-closes elements without text", () => {
    expect(serializeXml(textElement("link", { rel: "hub", type: undefined, href: "https://h/" }))).toBe(
      '<link rel="hub" href="https://h/"/>',
    );
  });
});

describe("xmlProlog", () => {
  it("adds an xml-stylesheet instruction only when a stylesheet url is given", () => {
    expect(xmlProlog(undefined)).toBe('<?xml version="1.0" encoding="UTF-8"?>\n');
    expect(xmlProlog("https://x/feed.css")).toContain('<?xml-stylesheet type="text/css" href="https://x/feed.css"?>');
  });

  it("cannot be closed early by a ?> inside the url", () => {
    const pi = xmlProlog('https://x/a?>"b').split("\n")[1] ?? "";
    expect(pi.indexOf("?>")).toBe(pi.length - 2);
  });
});
