/** Whether text shows anything at all: a headline of bidi marks, zero-width joiners or stray tashkeel is blank. */

/**
 * One code point a reader can see. Set aside: whitespace and controls; format characters (Cf: bidi marks and
 * isolates, zero-width space/joiners, BOM, soft hyphen); combining marks (M), which only show on a base letter that
 * would itself count; tatweel (U+0640), which only stretches its neighbours; Default_Ignorable code points (Hangul
 * fillers U+115F, U+1160, U+3164, U+FFA0, variation selectors, tags); noncharacters and lone surrogates; and the
 * Braille blank (U+2800), which renders as an empty cell and is a known way to fake a blank-looking name.
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{M}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}\u0640\u2800]/u;

/** True when `text` has at least one visible character. Checks only: the text itself is kept byte-exact. */
export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}
