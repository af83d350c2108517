/**
 * The one element a feed carries for people who open it in a browser: an XHTML `<script>` that turns the XML into a
 * readable Arabic page (public/feed-view.js). Readers ignore it as a foreign-namespace extension element.
 */
import type { FeedDocument } from "../model/feed.ts";
import { httpUrl } from "./urls.ts";
import { textElement, type XmlElement } from "./xml.ts";

export const XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

/**
 * `<script xmlns="http://www.w3.org/1999/xhtml" src=… data-time-zone=…/>`, or nothing when the document names no
 * view script. Browsers run a script element in the XHTML namespace inside any XML document; RSS 2.0 allows
 * namespaced elements in `<channel>` and Atom allows foreign elements among the feed's own (before the entries).
 */
export function viewScriptElements(doc: FeedDocument): XmlElement[] {
  const src = httpUrl(doc.viewScriptUrl);
  if (src === undefined) return [];
  // SITE_TIME_ZONE is checked against Intl at startup (lib/config.ts); the view leaves dates out for a zone it lacks.
  return [textElement("script", { xmlns: XHTML_NAMESPACE, src, "data-time-zone": doc.viewTimeZone })];
}
