/** gzip and brotli from node:zlib, handed to lib/ so feeds are compressed once per change. */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Compressors } from "../../lib/feeds/render-cache.ts";

export const nodeCompressors: Compressors = {
  gzip: (bytes) => gzipSync(bytes, { level: 9 }),
  brotli: (bytes) =>
    brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }),
};
