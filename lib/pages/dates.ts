/** Arabic date display: Hijri (Umm al-Qura) and Gregorian dates plus a 24-hour clock, via Intl. */

/** An instant formatted for an Arabic reader; `isoAttr` goes into `<time datetime>`. */
export interface ArabicDates {
  /** e.g. "8 تموز 2020" */
  gregorian: string;
  /** e.g. "17 ذو القعدة 1441 هـ" */
  hijri: string;
  /** 24-hour "HH:MM", e.g. "21:57" */
  time: string;
  /** The instant as ISO 8601 UTC, for the datetime attribute. */
  isoAttr: string;
}

/** Options for `formatArabicDates`. */
export interface ArabicDateOptions {
  /**
   * Locale for Gregorian month names. "ar-SY" gives the Levantine names the seed site uses
   * ("تموز"); "ar" gives the Egyptian ones ("يوليو").
   */
  gregorianLocale?: string;
}

// Latin digits throughout, as on the seed page ("18:57", "1034"): one digit system on every page,
// and the same digits feed readers and the JSON API show.
const NUMBERING = "latn";

/**
 * Formats an ISO 8601 instant as Hijri + Gregorian dates and an HH:MM clock in `timeZone`.
 * The Hijri date follows the Umm al-Qura calendar and, like every Intl calendar, turns over at
 * local midnight rather than at sunset. An unparseable `iso` throws (it is a programmer error:
 * stored dates are validated at the door).
 */
export function formatArabicDates(
  iso: string,
  timeZone = "Asia/Damascus",
  options: ArabicDateOptions = {},
): ArabicDates {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`pages: invalid date "${iso}"`);
  const dayMonthYear = { day: "numeric", month: "long", year: "numeric", timeZone } as const;
  const gregorian = new Intl.DateTimeFormat(options.gregorianLocale ?? "ar-SY", {
    ...dayMonthYear,
    calendar: "gregory",
    numberingSystem: NUMBERING,
  }).format(date);
  const hijri = new Intl.DateTimeFormat("ar-SA-u-ca-islamic-umalqura", {
    ...dayMonthYear,
    numberingSystem: NUMBERING,
  }).format(date);
  const time = new Intl.DateTimeFormat("ar", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
    numberingSystem: NUMBERING,
  }).format(date);
  return { gregorian, hijri, time, isoAttr: date.toISOString() };
}

/** The Gregorian year of `now` in `timeZone`, Latin digits (for a footer). */
export function yearOf(now: Date, timeZone = "Asia/Damascus"): string {
  return new Intl.DateTimeFormat("en", { year: "numeric", timeZone, calendar: "gregory" }).format(now);
}
