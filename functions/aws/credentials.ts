/**
 * Lambda puts its execution role's credentials in the environment (rotated by replacing the execution environment),
 * so reading them there is all the credential chain a function needs; read per request, as cheap as it is current.
 */
import type { Credentials } from "../../lib/store/index.ts";

export function lambdaCredentials(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set (Lambda sets them)");
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
