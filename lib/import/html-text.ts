/** Plain text from an HTML fragment: what a summary becomes when a feed ships markup in its description. */
import sanitizeHtml from "sanitize-html";

// Content of these is never readable text.
const NON_TEXT = ["script", "style", "noscript", "template", "iframe", "object", "svg", "math", "head", "title", "textarea"];
// Ends of blocks become a space so "<p>a</p><p>b</p>" does not read "ab".
const BLOCK_END = /<\/(?:p|div|li|h[1-6]|blockquote|tr|td|th|dd|dt|figcaption|pre)\s*>|<br\s*\/?>/gi;
// sanitize-html escapes only these four in text; undo exactly them.
const ESCAPED: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };

/** Strips tags (dropping script/style content), decodes entities and collapses whitespace to single spaces. */
export function htmlToText(html: string): string {
  const spaced = html.replace(BLOCK_END, (tag) => `${tag} `);
  const text = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {}, nonTextTags: NON_TEXT });
  return text
    .replace(/&(?:amp|lt|gt|quot);/g, (entity) => ESCAPED[entity] ?? entity)
    .replace(/\s+/g, " ")
    .trim();
}
