/** Image MIME types from a url's file extension, for enclosures and Media RSS. */

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  jpe: "image/jpeg",
  jfif: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
  bmp: "image/bmp",
};

/** JPEG is what news sites mostly serve, so an unknown or missing extension is taken as one. */
export const DEFAULT_IMAGE_TYPE = "image/jpeg";

/**
 * The IANA MIME type for an image url, judged by the extension of its path (query and fragment
 * ignored, case-insensitive): `.jpg` → `image/jpeg`, `.svg` → `image/svg+xml`. Never throws.
 */
export function imageMimeType(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split(/[?#]/, 1)[0] ?? "";
  }
  const match = /\.([A-Za-z0-9]+)$/.exec(path);
  return (match?.[1] && IMAGE_TYPES[match[1].toLowerCase()]) || DEFAULT_IMAGE_TYPE;
}
