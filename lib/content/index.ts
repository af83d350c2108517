/** Public API of article content handling. */

export { sanitizeArticleHtml } from "./sanitize.ts";
