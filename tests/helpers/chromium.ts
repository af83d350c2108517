/**
 * Debian's Chromium for the browser tests, and the rule when it is missing: the tests fail, they do not skip, so a CI
 * machine without it cannot pass by running nothing. A developer without Chromium sets CHROMIUM_OPTIONAL=1 to skip
 * them instead; it is ignored when CI is set, and .ci/run never sets it.
 */
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

const present = existsSync(CHROMIUM);

/** True only on a developer's machine that has no Chromium and has said so: the browser tests are skipped there. */
export const skipWithoutChromium = !present && process.env.CHROMIUM_OPTIONAL === "1" && !process.env.CI;

if (skipWithoutChromium) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} and CHROMIUM_OPTIONAL=1`);

/** Call first in a browser suite's beforeAll: throws, failing every test of the suite, when Chromium is missing. */
export function requireChromium(): string {
  if (!present) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (a developer may set CHROMIUM_OPTIONAL=1 to skip the browser tests)`);
  }
  return CHROMIUM;
}
