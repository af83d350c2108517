import type { Plugin } from "esbuild";
export declare const POSTCSS_STUB: string;
export declare const sanitizeHtmlSlim: Plugin;
declare const plugins: Plugin[];
export default plugins;
