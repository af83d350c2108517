/** CloudFront viewer-request code: folds Accept to the two values the app distinguishes, so it can join the cache key. */

/**
 * Feeds answer a browser navigation (Accept has text/html and no feed type) as application/xml and everyone else with
 * the feed's own type, and say `Vary: Accept`. CloudFront ignores Vary, so Accept must be in the cache key; folded to
 * "text/html" or "*\/*" first, it adds at most two variants per URL instead of one per reader's Accept string.
 * Injected at the top of the Router's viewer-request function (cloudfront-js-2.0), where `event` is in scope.
 */
export const foldAccept = `
var accept = event.request.headers.accept ? event.request.headers.accept.value : "";
var navigation = accept.indexOf("text/html") !== -1 && !/rss|atom|feed\\+json/.test(accept);
event.request.headers.accept = { value: navigation ? "text/html" : "*/*" };
`;
