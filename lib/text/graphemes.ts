/**
 * One grapheme segmenter, made on first use: constructing an Intl.Segmenter loads ICU's break-iterator data, about
 * 5 ms that a Lambda cold start would otherwise pay on import whether or not the request ever cuts text.
 */
let segmenter: Intl.Segmenter | undefined;

export function segmentGraphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return segmenter.segment(text);
}
