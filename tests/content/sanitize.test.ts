import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeArticleHtml } from "../../lib/content/index.ts";

const BASE = "https://anapress.net/news/2024/article-1";
const clean = (html: string) => sanitizeArticleHtml(html, BASE);

describe("sanitizeArticleHtml: one rule per case", () => {
  const cases: Array<[name: string, input: string, expected: string]> = [
    ["keeps plain Arabic text as is", "مرحبا بالعالم", "مرحبا بالعالم"],
    ["keeps dir and lang on paragraphs", '<p dir="rtl" lang="ar">نص</p>', '<p dir="rtl" lang="ar">نص</p>'],
    ["keeps dir and lang on spans", '<span dir="ltr" lang="en">BBC</span>', '<span dir="ltr" lang="en">BBC</span>'],
    ["lowercases dir", '<p dir="RTL">نص</p>', '<p dir="rtl">نص</p>'],
    ["keeps dir=auto", '<bdi dir="auto">x</bdi>', '<bdi dir="auto">x</bdi>'],
    ["drops an unknown dir value", '<p dir="sideways">x</p>', "<p>x</p>"],
    ["drops a lang that is not a language tag", '<p lang="ar&quot; onload=&quot;x">x</p>', "<p>x</p>"],
    ["keeps a region subtag in lang", '<p lang="ar-SY">x</p>', '<p lang="ar-SY">x</p>'],
    ["keeps bdo with dir", '<bdo dir="ltr">abc</bdo>', '<bdo dir="ltr">abc</bdo>'],
    ["drops onclick", '<p onclick="alert(1)">x</p>', "<p>x</p>"],
    ["drops onerror on images", '<img src="https://x.org/a.jpg" onerror="alert(1)">', '<img src="https://x.org/a.jpg" />'],
    ["drops style attributes", '<p style="color:red">x</p>', "<p>x</p>"],
    ["drops class and id", '<p class="a" id="b">x</p>', "<p>x</p>"],
    ["drops javascript: links", '<a href="javascript:alert(1)">x</a>', "<a>x</a>"],
    ["drops javascript: links hidden by case and whitespace", '<a href=" JaVa\nScRiPt:alert(1)">x</a>', "<a>x</a>"],
    ["drops javascript: links hidden by entities", '<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"],
    ["drops vbscript: links", '<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"],
    ["drops data: links", '<a href="data:text/html,<script>alert(1)</script>">x</a>', "<a>x</a>"],
    ["drops tel: links", '<a href="tel:+963">x</a>', "<a>x</a>"],
    ["keeps https links and adds noopener", '<a href="https://x.org/a">x</a>', '<a href="https://x.org/a" rel="noopener">x</a>'],
    ["keeps mailto links", '<a href="mailto:news@x.org">x</a>', '<a href="mailto:news@x.org" rel="noopener">x</a>'],
    ["adds noopener to an existing rel", '<a href="https://x.org/" rel="nofollow">x</a>', '<a href="https://x.org/" rel="nofollow noopener">x</a>'],
    ["does not repeat noopener", '<a href="https://x.org/" rel="noopener">x</a>', '<a href="https://x.org/" rel="noopener">x</a>'],
    ["drops rel junk tokens", '<a href="https://x.org/" rel="NoFollow &quot;x&quot;">x</a>', '<a href="https://x.org/" rel="nofollow noopener">x</a>'],
    ["keeps title and hreflang on links", '<a href="https://x.org/" title="عنوان" hreflang="ar">x</a>', '<a href="https://x.org/" title="عنوان" hreflang="ar" rel="noopener">x</a>'],
    ["drops target on links", '<a href="https://x.org/" target="_blank">x</a>', '<a href="https://x.org/" rel="noopener">x</a>'],
    ["resolves relative links against the article url", '<a href="../2023/old">x</a>', '<a href="https://anapress.net/news/2023/old" rel="noopener">x</a>'],
    ["resolves root-relative links", '<a href="/a/2">x</a>', '<a href="https://anapress.net/a/2" rel="noopener">x</a>'],
    ["resolves fragment links to the article itself", '<a href="#part2">x</a>', '<a href="https://anapress.net/news/2024/article-1#part2" rel="noopener">x</a>'],
    ["resolves protocol-relative links to the article's scheme", '<a href="//cdn.x.org/a">x</a>', '<a href="https://cdn.x.org/a" rel="noopener">x</a>'],
    ["percent-encodes Arabic in link paths", '<a href="/مقال">x</a>', '<a href="https://anapress.net/%D9%85%D9%82%D8%A7%D9%84" rel="noopener">x</a>'],
    ["resolves relative image src against the article url", '<img src="img/1.jpg" alt="صورة">', '<img src="https://anapress.net/news/2024/img/1.jpg" alt="صورة" />'],
    ["keeps image alt, title, width, height and loading", '<img src="https://x.org/a.jpg" alt="a" title="t" width="640" height="480" loading="lazy">', '<img src="https://x.org/a.jpg" alt="a" title="t" width="640" height="480" loading="lazy" />'],
    ["keeps an empty alt", '<img src="https://x.org/a.jpg" alt="">', '<img src="https://x.org/a.jpg" alt="" />'],
    ["drops non-numeric image sizes", '<img src="https://x.org/a.jpg" width="100%" height="expression(1)">', '<img src="https://x.org/a.jpg" />'],
    ["drops an unknown loading value", '<img src="https://x.org/a.jpg" loading="soon">', '<img src="https://x.org/a.jpg" />'],
    ["drops srcset", '<img src="https://x.org/a.jpg" srcset="https://evil.org/b.jpg 2x">', '<img src="https://x.org/a.jpg" />'],
    ["drops images with data: src", '<img src="data:image/png;base64,AAAA">', ""],
    ["drops images with javascript: src", '<img src="javascript:alert(1)">', ""],
    ["drops images with mailto: src", '<img src="mailto:a@b.c">', ""],
    ["drops images without src", '<img alt="x">', ""],
    ["removes script with its text", "<p>a</p><script>alert('x')</script><p>b</p>", "<p>a</p><p>b</p>"],
    ["removes style with its text", "<style>p { color: red }</style><p>b</p>", "<p>b</p>"],
    ["removes iframe with its content", '<iframe src="https://x.org/"><p>fallback</p></iframe>x', "x"],
    ["removes object with its content", '<object data="x.swf"><p>fallback</p></object>x', "x"],
    ["removes embed", '<embed src="x.swf">x', "x"],
    ["removes form with its fields", '<form action="/x"><input name="q"><button>ابحث</button></form>x', "x"],
    ["removes noscript with its content", '<noscript><img src="https://x.org/a.jpg"></noscript>x', "x"],
    ["removes svg with its content", "<svg><script>alert(1)</script><text>t</text></svg>x", "x"],
    ["removes a head title", "<title>عنوان الصفحة</title><p>x</p>", "<p>x</p>"],
    ["removes comments", "<p>a<!-- secret -->b</p>", "<p>ab</p>"],
    ["keeps the text of unknown tags", "<article><section><font>نص</font></section></article>", "نص"],
    ["keeps the text of h1 but not the tag", "<h1>عنوان</h1>", "عنوان"],
    ["keeps h2 to h6", "<h2>a</h2><h6>b</h6>", "<h2>a</h2><h6>b</h6>"],
    ["keeps inline emphasis", "<strong>a</strong><em>b</em><mark>c</mark><sub>1</sub><sup>2</sup>", "<strong>a</strong><em>b</em><mark>c</mark><sub>1</sub><sup>2</sup>"],
    ["keeps time with datetime", '<time datetime="2024-05-01T10:00:00Z">أمس</time>', '<time datetime="2024-05-01T10:00:00Z">أمس</time>'],
    ["keeps blockquote cite when http", '<blockquote cite="https://x.org/q">قول</blockquote>', '<blockquote cite="https://x.org/q">قول</blockquote>'],
    ["drops blockquote cite when javascript", '<blockquote cite="javascript:x">قول</blockquote>', "<blockquote>قول</blockquote>"],
    ["keeps lists", "<ul><li>a</li></ul><ol><li>b</li></ol><dl><dt>c</dt><dd>d</dd></dl>", "<ul><li>a</li></ul><ol><li>b</li></ol><dl><dt>c</dt><dd>d</dd></dl>"],
    ["keeps figures with captions", '<figure><img src="https://x.org/a.jpg"><figcaption>صورة</figcaption></figure>', '<figure><img src="https://x.org/a.jpg" /><figcaption>صورة</figcaption></figure>'],
    ["keeps table structure and spans", '<table><thead><tr><th scope="col" colspan="2">a</th></tr></thead><tbody><tr><td rowspan="2">b</td></tr></tbody></table>', '<table><thead><tr><th colspan="2" scope="col">a</th></tr></thead><tbody><tr><td rowspan="2">b</td></tr></tbody></table>'],
    ["drops a zero colspan", '<table><tr><td colspan="0">b</td></tr></table>', "<table><tr><td>b</td></tr></table>"],
    ["keeps pre and code text", "<pre><code>a &lt; b</code></pre>", "<pre><code>a &lt; b</code></pre>"],
    ["escapes a bare less-than in text", "a < b", "a &lt; b"],
    ["escapes quotes in attribute values", '<a href="https://x.org/" title="a &quot;b&quot;">x</a>', '<a href="https://x.org/" title="a &quot;b&quot;" rel="noopener">x</a>'],
    ["closes unclosed paragraphs", "<p>a<p>b", "<p>a</p><p>b</p>"],
    ["writes br and hr as void elements", "a<br>b<hr>", "a<br />b<hr />"],
    ["strips C0 controls from text", "a\u0001b\u0008c", "abc"],
    ["strips U+FFFF decoded from an entity", "a&#xFFFF;b", "ab"],
    ["strips lone surrogates", "a\uD800b", "ab"],
    ["keeps emoji", "<p>😀🇸🇾</p>", "<p>😀🇸🇾</p>"],
    ["keeps bidi marks in text", "<p>\u200Fنص\u200E</p>", "<p>\u200Fنص\u200E</p>"],
    ["composes decomposed Arabic to NFC", "<p>\u0627\u0653</p>", "<p>\u0622</p>"],
    ["composes across entity boundaries", "<p>e&#x301;</p>", "<p>\u00E9</p>"],
    ["keeps tashkeel byte-exact", "<p>مُحَمَّدٌ</p>", "<p>مُحَمَّدٌ</p>"],
    ["encodes a combining solidus right after a tag so it cannot join the bracket", "<p>\u0338x</p>", "<p>&#x338;x</p>"],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => expect(clean(input)).toBe(expected));
  }
});

describe("sanitizeArticleHtml without a base url", () => {
  it("drops relative links when no base url is given", () => {
    expect(sanitizeArticleHtml('<a href="/a/1">x</a>')).toBe("<a>x</a>");
  });
  it("drops relative images when no base url is given", () => {
    expect(sanitizeArticleHtml('<img src="a.jpg">')).toBe("");
  });
  it("keeps absolute links when no base url is given", () => {
    expect(sanitizeArticleHtml('<a href="https://x.org/">x</a>')).toBe('<a href="https://x.org/" rel="noopener">x</a>');
  });
  it("ignores a base url that is not http(s)", () => {
    expect(sanitizeArticleHtml('<a href="/a">x</a>', "javascript:alert(1)//")).toBe("<a>x</a>");
  });
  it("drops protocol-relative links when no base url is given", () => {
    expect(sanitizeArticleHtml('<a href="//evil.org/">x</a>')).toBe("<a>x</a>");
  });
});

const TAGS = ["p", "a", "img", "script", "style", "b", "div", "table", "td", "iframe", "bdo", "h1", "textarea", "svg"];
const ATTRS = ["href", "src", "dir", "lang", "onclick", "alt", "rel", "cite", "style", "width"];
const VALUES = ["rtl", "RTL", "javascript:alert(1)", "/a/1", "//x.org", "https://x.org/", "data:x", "", "1", "a\"b"];
const htmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TAGS).map((t) => `<${t}`),
      fc.constantFrom(...TAGS).map((t) => `</${t}>`),
      fc.tuple(fc.constantFrom(...ATTRS), fc.constantFrom(...VALUES)).map(([a, v]) => ` ${a}="${v}"`),
      fc.constantFrom(">", "<", "/>", "&", "&amp;", "&#x338;", "&#0;", "\"", "'", "=", "<!--", "-->", " "),
      fc.constantFrom("مُحَمَّد", "\u0627\u0653", "\u0338", "\u200F", "e\u0301", "😀", "\uD800", "\u0000", "\uFFFF"),
      fc.string({ unit: "grapheme", maxLength: 5 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

describe("sanitizeArticleHtml properties", () => {
  it("is stable on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        const once = clean(s);
        expect(clean(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it("is stable on HTML-ish strings", () => {
    fc.assert(
      fc.property(htmlish, (s) => {
        const once = clean(s);
        expect(clean(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it("never outputs XML-forbidden characters, non-NFC text, scripts or event handlers", () => {
    fc.assert(
      fc.property(htmlish, (s) => {
        const out = clean(s);
        expect(out).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
        expect(out.normalize("NFC")).toBe(out);
        expect(out).not.toMatch(/<(script|style|iframe|svg|textarea)/i);
        for (const [tag] of out.matchAll(/<[a-z][^>]*>/g)) {
          // Judge attributes, not the tag's text: alt="data:x" is harmless words, href="data:x" is not.
          for (const [, name = "", value = ""] of tag.matchAll(/\s([^\s=>]+)(?:="([^"]*)")?/g)) {
            expect(name).not.toMatch(/^on|^style$/i);
            if (/^(href|src|cite)$/i.test(name)) expect(value).not.toMatch(/^\s*(javascript|data):/i);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
