/** Test helpers: parse rendered pages with a real HTML parser (htmlparser2) and query them. */
import { parseDocument } from "htmlparser2";
import { findAll, getAttributeValue, textContent } from "domutils";
import type { Document, Element } from "domhandler";

export function parse(html: string): Document {
  return parseDocument(html, { lowerCaseAttributeNames: true });
}

/** Every element for which `test` holds, in document order. */
export function select(doc: Document, test: (el: Element) => boolean): Element[] {
  return findAll(test, doc.children);
}

/** Elements under `root` for which `test` holds. */
export function within(root: Element | undefined, test: (el: Element) => boolean): Element[] {
  return root ? findAll(test, root.children) : [];
}

export function byTag(doc: Document, tag: string): Element[] {
  return select(doc, (el) => el.name === tag);
}

export function byId(doc: Document, id: string): Element | undefined {
  return select(doc, (el) => el.attribs.id === id)[0];
}

export function attr(el: Element | undefined, name: string): string | undefined {
  return el ? getAttributeValue(el, name) : undefined;
}

export function text(el: Element | undefined): string {
  return el ? textContent(el).replace(/\s+/g, " ").trim() : "";
}

/** Ways a page could break a strict CSP (script-src 'self'; style-src 'self'); empty when safe. */
export function cspViolations(doc: Document): string[] {
  const found: string[] = [];
  for (const el of select(doc, () => true)) {
    if (el.name === "style") found.push("<style> block");
    if (el.name === "script" && (textContent(el).trim() !== "" || !el.attribs.src)) found.push("inline <script>");
    for (const name of Object.keys(el.attribs)) {
      if (name === "style") found.push(`style= on <${el.name}>`);
      if (name.startsWith("on")) found.push(`${name}= on <${el.name}>`);
    }
    for (const name of ["href", "src", "action", "formaction"]) {
      if (/^\s*javascript:/i.test(el.attribs[name] ?? "")) found.push(`javascript: url in ${name}`);
    }
  }
  return found;
}
