/** gzip and brotli from node:zlib, handed to lib/ so feeds are compressed once per change. */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Compressors } from "../../lib/feeds/render-cache.ts";

/**
 * Brotli quality 5, not the maximum 11: every render (a cold start's first feed, each feed after a publish) pays for
 * it, and 11 costs 15–45 ms of CPU per document where 5 costs 0.1–0.5 ms, for br bodies 10–15 % larger (a 9.8 KB RSS
 * feed: 1,901 B at 11, 2,140 B at 5; figures in docs/benchmarks.md, issue 13). gzip at 9 is cheap either way.
 */
const BROTLI_QUALITY = 5;

export const nodeCompressors: Compressors = {
  gzip: (bytes) => gzipSync(bytes, { level: 9 }),
  brotli: (bytes) =>
    brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }),
};
