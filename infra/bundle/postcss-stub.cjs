// Stands in for postcss inside the Lambda bundles (see ./plugins.mjs). sanitize-html reaches parse() only for a
// `style` attribute our allowlist let through, which it never does; if it ever did, the throw makes sanitize-html
// drop the attribute.
"use strict";
module.exports.parse = function parse() {
  throw new Error("style attributes are not parsed in this bundle (postcss is left out; see infra/bundle/plugins.mjs)");
};
