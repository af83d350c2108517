/** Public surface of WebSub publishing: a change listener that pings the hub. */

export { createWebSubPublisher } from "./publisher.ts";
export type { WebSubPublisher, WebSubPublisherOptions } from "./publisher.ts";
export { parseHubEndpoint } from "./hub-endpoint.ts";
export type { HubEndpoint } from "./hub-endpoint.ts";
