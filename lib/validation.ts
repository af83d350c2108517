/**
 * The part of zod the service uses, imported by name so bundlers drop the rest: `import { z } from "zod"` drags in
 * every translated error message (~250 KB minified) because the namespace object keeps them reachable.
 */
import { array, boolean, coerce, enum as zodEnum, looseObject, number, object, strictObject, string, toJSONSchema, unknown, url } from "zod";

export const z = { array, boolean, coerce, enum: zodEnum, looseObject, number, object, strictObject, string, toJSONSchema, unknown, url };
export type { output as Infer, ZodType } from "zod";
