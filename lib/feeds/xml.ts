/** XML text and attribute escaping, so any string can go into a feed without breaking it. */
import { stripXmlForbidden } from "../text/xml-chars.ts";

/** Attribute values by name; `undefined` drops the attribute. Names are ours, never user input. */
export type XmlAttributes = Readonly<Record<string, string | undefined>>;

/**
 * Escapes character data. Escaping `>` as well means `]]>` can never appear, so we never need CDATA.
 * `\r` becomes a character reference because parsers would otherwise turn it into `\n`.
 */
export function escapeText(text: string): string {
  return stripXmlForbidden(text).replace(/[&<>\r]/g, (c) => TEXT_ENTITIES[c] ?? c);
}

/** Escapes an attribute value (double- or single-quoted); tabs and newlines survive attribute normalisation. */
export function escapeAttribute(text: string): string {
  return stripXmlForbidden(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ENTITIES[c] ?? c);
}

const TEXT_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };

const ATTRIBUTE_ENTITIES: Record<string, string> = {
  ...TEXT_ENTITIES,
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
};

function attributes(attrs: XmlAttributes): string {
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) out += ` ${name}="${escapeAttribute(value)}"`;
  }
  return out;
}

/** An element to serialise: either text (escaped on output) or child elements, never both. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: XmlAttributes;
  readonly text?: string;
  readonly children?: readonly XmlElement[];
}

/** `<name attrs>text</name>`, or `<name attrs/>` when `text` is undefined. */
export function textElement(name: string, attrs: XmlAttributes, text?: string): XmlElement {
  return text === undefined ? { name, attrs } : { name, attrs, text };
}

/** `<name attrs>` + children + `</name>`. */
export function parentElement(name: string, attrs: XmlAttributes, children: readonly XmlElement[]): XmlElement {
  return { name, attrs, children };
}

/**
 * Serialises an element tree, one element per line, indented by depth. Indentation is only ever
 * added between elements, never inside text, so text (newlines included) comes back exactly.
 */
export function serializeXml(node: XmlElement, depth = 0): string {
  const indent = "  ".repeat(depth);
  const open = `${indent}<${node.name}${attributes(node.attrs)}`;
  if (node.children !== undefined) {
    const inner = node.children.map((child) => `${serializeXml(child, depth + 1)}\n`).join("");
    return `${open}>\n${inner}${indent}</${node.name}>`;
  }
  if (node.text === undefined) return `${open}/>`;
  return `${open}>${escapeText(node.text)}</${node.name}>`;
}

/**
 * The XML declaration, plus a CSS `xml-stylesheet` processing instruction when a stylesheet url is given. CSS, not
 * XSLT: browsers are removing XSLT (see docs/feeds.md, "In a browser").
 */
export function xmlProlog(stylesheetUrl: string | undefined): string {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (stylesheetUrl === undefined) return declaration;
  // escapeAttribute turns any ">" into "&gt;", so "?>" cannot end the instruction early.
  return `${declaration}<?xml-stylesheet type="text/css" href="${escapeAttribute(stylesheetUrl)}"?>\n`;
}
