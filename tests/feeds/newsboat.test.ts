import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../lib/feeds/atom.ts";
import { renderRss } from "../../lib/feeds/rss.ts";
import { articles, feedDocument, LEAD_TITLE, LEAD_URL } from "../fixtures/articles.ts";
import { findTool, run, tempDir } from "./support/tools.ts";

interface CachedItem {
  title: string;
  url: string;
  guid: string;
  pubDate: number;
  author: string;
}

/**
 * Has newsboat fetch `feed` from a file:// url into a fresh cache, then reads the cache back with
 * the sqlite3 CLI (newsboat has no command that prints item titles non-interactively).
 */
function readWithNewsboat(name: string, feed: string): { unread: string; items: CachedItem[] } {
  const dir = tempDir("newsboat-");
  const feedPath = join(dir, name);
  writeFileSync(feedPath, feed);
  writeFileSync(join(dir, "urls"), `file://${feedPath}\n`);
  writeFileSync(join(dir, "config"), "");
  // A private HOME keeps the user's own newsboat configuration and cache out of the test.
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir };
  const args = ["-u", join(dir, "urls"), "-c", join(dir, "cache.db"), "-C", join(dir, "config"), "-x", "reload", "print-unread"];
  const reload = run("newsboat", args, { cwd: dir, env });
  expect(reload.status, reload.stderr).toBe(0);
  const query = "select title, url, guid, pubDate, author from rss_item order by pubDate desc";
  const rows = run("sqlite3", ["-json", join(dir, "cache.db"), query]);
  expect(rows.status, rows.stderr).toBe(0);
  return { unread: reload.stdout.trim(), items: JSON.parse(rows.stdout || "[]") as CachedItem[] };
}

const newsboat = findTool("newsboat", "newsboat");
const sqlite = findTool("sqlite3", "sqlite3");

describe.skipIf(!newsboat || !sqlite)("newsboat reads our feeds", () => {
  const cases = [
    ["feed.rss", renderRss(feedDocument())],
    ["feed.atom", renderAtom(feedDocument())],
  ] as const;

  it.each(cases)("loads every item of %s with byte-exact Arabic titles", (name, feed) => {
    const { unread, items } = readWithNewsboat(name, feed);
    expect(unread).toBe(`${articles.length} unread articles`);
    expect(items).toHaveLength(articles.length);
    expect(items.map((i) => i.title)).toEqual(articles.map((a) => a.title));
    expect(items[0]).toMatchObject({
      title: LEAD_TITLE,
      url: LEAD_URL,
      guid: "tag:anapress.net,2020:article/194391885768658",
      pubDate: Date.parse("2020-07-08T18:57:00Z") / 1000,
      author: "أنا برس",
    });
  });
});
