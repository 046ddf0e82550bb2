import { createCipheriv, createDecipheriv, randomFillSync, type KeyObject } from 'node:crypto';

/** A raw 32-byte key, or (much cheaper per call) a KeyObject made once with createSecretKey. */
export type AeadKey = Uint8Array | KeyObject;

const FORMAT = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 3; // format byte + 16-bit key version

const NONCE_POOL_BYTES = 4096;
let noncePool = Buffer.alloc(0);
let noncePoolOffset = 0;

/**
 * A fresh random nonce, cut from a pool of CSPRNG output so that one call to
 * the generator serves 341 nonces (as node:crypto's randomUUID does). Each
 * slice is handed out once; a spent pool is dropped, never refilled in place.
 */
function randomNonce(): Buffer {
  if (noncePoolOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomFillSync(Buffer.allocUnsafe(NONCE_POOL_BYTES));
    noncePoolOffset = 0;
  }
  const nonce = noncePool.subarray(noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
  return nonce;
}

/**
 * AES-256-GCM with a random 96-bit nonce. The blob is self-describing:
 * [format][key version (u16)][nonce][ciphertext][tag], so a later key rotation
 * can tell which key sealed it. The header is part of the associated data.
 */
export function seal(key: AeadKey, keyVersion: number, plaintext: Uint8Array, associatedData: string): Uint8Array {
  const header = headerOf(keyVersion);
  const nonce = randomNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.concat([header, Buffer.from(associatedData, 'utf8')]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

/** The first bytes of every blob sealed under `keyVersion`: [format][version (u16)]. */
export function headerOf(keyVersion: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(FORMAT, 0);
  header.writeUInt16BE(keyVersion, 1);
  return header;
}

export function keyVersionOf(blob: Uint8Array): number {
  return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).readUInt16BE(1);
}

/** Throws when the key, the associated data or any byte of the blob is wrong. */
export function open(key: AeadKey, blob: Uint8Array, associatedData: string): Buffer {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES || buf.readUInt8(0) !== FORMAT) {
    throw new Error('Unrecognised ciphertext format');
  }
  const header = buf.subarray(0, HEADER_BYTES);
  const nonce = buf.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const body = buf.subarray(HEADER_BYTES + NONCE_BYTES, buf.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.concat([header, Buffer.from(associatedData, 'utf8')]));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}
