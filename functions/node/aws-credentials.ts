/**
 * On a laptop pointed at real DynamoDB, credentials come the way the AWS CLI finds them (environment, profiles, SSO,
 * web identity): the SDK's own provider chain, memoised and refreshed before expiry. Loaded only in that case, so
 * neither `npm start` on the embedded store nor any Lambda bundle carries it.
 */
import type { Credentials } from "../../lib/store/index.ts";

export async function nodeCredentialChain(): Promise<() => Promise<Credentials>> {
  const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
  const provider = defaultProvider();
  return async () => {
    const { accessKeyId, secretAccessKey, sessionToken } = await provider();
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  };
}
