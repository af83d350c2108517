/**
 * Diagnostic (not part of npm run bench): what the libraries that could replace a hand-written piece do on the inputs
 * ours is tested with, and what they cost beside ours in the same run (docs/libraries.md quotes the output).
 * Checks: XML escaping (fast-xml-parser's XMLBuilder), the sitemap writer (`sitemap`), image MIME types (Hono's
 * getMimeType), base64url (Hono's encode utils), the admin token check (Hono's bearerAuth), text direction (the
 * engine's Intl.Locale textInfo), UTF-8 byte counts (TextEncoder).
 * Run: flock /tmp/cpu.lock npx tsx bench/diag/library-checks.ts
 */
import { XMLBuilder } from "fast-xml-parser";
import { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { decodeBase64Url, encodeBase64Url } from "hono/utils/encode";
import { getMimeType } from "hono/utils/mime";
import { SitemapStream, streamToPromise } from "sitemap";
import { adminAuth } from "../../lib/http/admin-auth.ts";
import { base64urlToBytes, bytesToBase64url } from "../../lib/crypto/base64url.ts";
import { escapeText } from "../../lib/feeds/xml.ts";
import { imageMimeType } from "../../lib/feeds/mime.ts";
import { renderUrlSet } from "../../lib/sitemaps/urlset.ts";
import { textDirection } from "../../lib/feeds/language.ts";
import { utf8ByteLength } from "../../lib/text/utf8.ts";
import type { SitemapLine } from "../../lib/store/index.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Median µs per call over 7 rounds of `n` calls, the two sides alternating. */
async function compare(n: number, ours: () => unknown, theirs: () => unknown): Promise<string> {
  const rows: { ours: number[]; theirs: number[] } = { ours: [], theirs: [] };
  const time = async (fn: () => unknown) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    return Number(process.hrtime.bigint() - t0) / 1000 / n;
  };
  await time(ours);
  await time(theirs);
  for (let round = 0; round < 7; round++) {
    if (round % 2) {
      rows.theirs.push(await time(theirs));
      rows.ours.push(await time(ours));
    } else {
      rows.ours.push(await time(ours));
      rows.theirs.push(await time(theirs));
    }
  }
  const o = median(rows.ours);
  const t = median(rows.theirs);
  return `ours ${o.toFixed(2)} µs, library ${t.toFixed(2)} µs (${(t / o).toFixed(1)}×)`;
}

const HOSTILE = "خبر\u0001 \uFFFE \ud800 ]]> \r <&>";
const show = (s: string) => JSON.stringify(s);

console.log("XML escaping of", show(HOSTILE));
console.log("  ours:", show(escapeText(HOSTILE)));
console.log("  fast-xml-parser XMLBuilder:", show(new XMLBuilder({}).build({ t: HOSTILE }) as string));

const lines: SitemapLine[] = Array.from({ length: 1000 }, (_, i) => ({
  live: true,
  id: `a${i}`,
  url: `https://news.example/a/${i}?utm=x&y=${i}`,
  title: `عنوان الخبر ${i}`,
  lang: "ar",
  publishedAt: "2020-07-08T15:57:00.000Z",
  updatedAt: "2020-07-08T16:00:00.000Z",
  changedAt: "2020-07-08T16:00:00.000Z",
}));
async function sitemapPackage(): Promise<string> {
  const stream = new SitemapStream();
  for (const line of lines) if (line.live) stream.write({ url: line.url, lastmod: line.updatedAt });
  stream.end();
  return (await streamToPromise(stream)).toString();
}
console.log(`sitemap urlset of 1,000 urls: ours ${renderUrlSet(lines).length} chars, sitemap 9.0.1 ${(await sitemapPackage()).length} chars (it declares the news, xhtml, image and video namespaces on every urlset)`);
console.log(`  render: ${await compare(50, () => renderUrlSet(lines), sitemapPackage)}`);

const MIME_CASES = ["http://x/a.jpg", "http://x/A.JPG", "http://x/a.jfif", "http://x/a.svg", "http://x/a.avif", "http://x/a.png?w=800&f=.gif", "http://x/clip.mp4", "http://x/a.php", "http://x/image"];
console.log("image MIME type (ours | Hono getMimeType on the url's path):");
for (const url of MIME_CASES) console.log(`  ${url.padEnd(30)} ${imageMimeType(url).padEnd(16)} | ${getMimeType(new URL(url).pathname) ?? "undefined"}`);

const key = bytesToBase64url(crypto.getRandomValues(new Uint8Array(65)));
console.log("base64url decode of a 65-byte p256dh key:");
console.log(`  ${await compare(20_000, () => base64urlToBytes(key), () => decodeBase64Url(key))}`);
const body = crypto.getRandomValues(new Uint8Array(15));
console.log(`  encode of a 15-byte click tag: ${await compare(20_000, () => bytesToBase64url(body), () => encodeBase64Url(body.buffer))}`);
for (const bad of ["ab+/cd", "ab cd", "abc$"]) {
  let theirs: string;
  try {
    theirs = `${decodeBase64Url(bad).length} bytes`;
  } catch (error) {
    theirs = `throws ${(error as Error).name}`;
  }
  console.log(`  ${show(bad).padEnd(9)} ours ${base64urlToBytes(bad) === undefined ? "undefined (refused)" : "decoded"}, Hono ${theirs}`);
}

const TOKEN = "news!room#token-2026";
const ours = new Hono().use(adminAuth({ token: TOKEN, failuresPerMinute: 10, now: Date.now })).get("/", (c) => c.text("ok"));
const hono = new Hono().use(bearerAuth({ token: TOKEN })).get("/", (c) => c.text("ok"));
console.log(`admin token check, token ${show(TOKEN)} (ADMIN_TOKEN allows any 16+ characters):`);
for (const [label, authorization] of [["the right token", `Bearer ${TOKEN}`], ["the token without the Bearer scheme", TOKEN], ["a wrong token", "Bearer wrong-token-0123456789"]] as const) {
  const statuses = await Promise.all([ours, hono].map(async (app) => (await app.request("/", { headers: { authorization } })).status));
  console.log(`  ${label.padEnd(36)} ours ${statuses[0]}, bearerAuth ${statuses[1]}`);
}

console.log("text direction (ours | Intl.Locale textInfo):");
for (const tag of ["ar", "ar-SA", "fa", "ckb", "ku-Arab", "az-Arab", "dv", "arc", "en", "ar-Latn"]) {
  const locale = new Intl.Locale(tag) as Intl.Locale & { textInfo?: { direction: string }; getTextInfo?: () => { direction: string } };
  console.log(`  ${tag.padEnd(8)} ${textDirection(tag)} | ${(locale.textInfo ?? locale.getTextInfo?.())?.direction}`);
}

// truncate.ts counts one grapheme at a time; the article schema counts whole bodies.
const encoder = new TextEncoder();
for (const text of ["خبر عاجل", "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران \u{1f4f0} ".repeat(8), "<p>x</p>".repeat(375)]) {
  console.log(`UTF-8 bytes of ${text.length} characters: ${await compare(20_000, () => utf8ByteLength(text), () => encoder.encode(text).byteLength)}`);
}
