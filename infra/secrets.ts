/** Secrets, set per stage with `npx sst secret set <Name> <value>`; linked functions read them through Resource. */

/** Bearer token for the newsroom's write API (also the root of the cursor-signing key). */
export const adminToken = new sst.Secret("AdminToken");

/** VAPID private key (base64url, P-256) that signs every push. */
export const vapidPrivateKey = new sst.Secret("VapidPrivateKey");
