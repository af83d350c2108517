/** Content-Type values for the three feed formats. */

/** RSS 2.0: the registered-in-practice type (readers and validators expect it; no IANA registration exists). */
export const RSS_MEDIA_TYPE = "application/rss+xml";
/** Atom 1.0, registered by RFC 4287. */
export const ATOM_MEDIA_TYPE = "application/atom+xml";
/** JSON Feed 1.1, as named by the spec. */
export const JSON_FEED_MEDIA_TYPE = "application/feed+json";
