/** P-256 public-key checks: is a byte string an uncompressed point that lies on the curve? */

// NIST P-256 (secp256r1) domain parameters, SEC 2 §2.4.2.
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/**
 * True when `bytes` is a 65-byte uncompressed SEC1 point (0x04 ‖ x ‖ y) with x, y < p and
 * y² ≡ x³ − 3x + b (mod p). Synchronous on purpose, so a zod schema can use it; tests check that it
 * agrees with WebCrypto's own import, which also refuses off-curve points.
 */
export function isUncompressedP256Point(bytes: Uint8Array): boolean {
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  const x = bytesToBigInt(bytes.subarray(1, 33));
  const y = bytesToBigInt(bytes.subarray(33, 65));
  if (x >= P || y >= P) return false;
  const lhs = (y * y) % P;
  const rhs = (((x * x * x - 3n * x + B) % P) + P) % P;
  return lhs === rhs;
}
