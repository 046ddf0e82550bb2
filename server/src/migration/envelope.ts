import { createPublicKey, type KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, flattenedDecrypt, generalDecrypt, importJWK, type JWK } from 'jose';
import * as openpgp from 'openpgp';
import type { ImportPrivateKeys } from './import-keys.ts';

/** A migration file that cannot be opened: the message says why, never what is inside. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

/** Key-management algorithms accepted on import; content encryption is A256GCM (or A128/A192GCM). */
const JWE_ALGS = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW', 'RSA-OAEP-256'];
const JWE_ENCS = ['A128GCM', 'A192GCM', 'A256GCM'];

export type EnvelopeFormat = 'jwe' | 'pgp';

/** JWE compact (five base64url parts) or JSON serialization, armored or binary OpenPGP. */
function formatOf(file: Uint8Array): EnvelopeFormat | null {
  const head = Buffer.from(file.subarray(0, 64)).toString('latin1').trimStart();
  if (head.startsWith('-----BEGIN PGP MESSAGE-----')) return 'pgp';
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\s*$/.test(Buffer.from(file).toString('latin1')) || head.startsWith('{')) return 'jwe';
  // An OpenPGP packet header: the top bit set (RFC 9580 §4.2).
  return file.length > 0 && (file[0]! & 0x80) !== 0 ? 'pgp' : null;
}

/** Opens a migration file encrypted to CIM's import key, in memory. */
export async function openEnvelope(file: Uint8Array, keys: ImportPrivateKeys): Promise<{ format: EnvelopeFormat; plaintext: Uint8Array }> {
  const format = formatOf(file);
  if (format === null) throw new EnvelopeError('The file is neither a JWE nor an OpenPGP message (CIM imports only encrypted files).');
  if (format === 'jwe') {
    if (!keys.jwe) throw new EnvelopeError('No JWE import key yet: run cim keys import-key and have the file encrypted to it.');
    const options = { keyManagementAlgorithms: JWE_ALGS, contentEncryptionAlgorithms: JWE_ENCS };
    try {
      const text = Buffer.from(file).toString('utf8').trim();
      if (!text.startsWith('{')) return { format, plaintext: (await compactDecrypt(text, keys.jwe, options)).plaintext };
      const json = JSON.parse(text) as { recipients?: unknown };
      const opened = json.recipients ? await generalDecrypt(json as Parameters<typeof generalDecrypt>[0], keys.jwe, options) : await flattenedDecrypt(json as Parameters<typeof flattenedDecrypt>[0], keys.jwe, options);
      return { format, plaintext: opened.plaintext };
    } catch (error) {
      throw new EnvelopeError(`The JWE could not be decrypted with CIM's import key (${(error as { code?: string }).code ?? 'malformed'}): was it encrypted to the key cim keys import-key prints?`);
    }
  }
  if (!keys.pgp) throw new EnvelopeError('No OpenPGP import key yet: run cim keys import-key and have the file encrypted to it.');
  try {
    const text = Buffer.from(file.subarray(0, 40)).toString('latin1');
    const message = text.trimStart().startsWith('-----BEGIN') ? await openpgp.readMessage({ armoredMessage: Buffer.from(file).toString('utf8') }) : await openpgp.readMessage({ binaryMessage: file });
    const { data } = await openpgp.decrypt({ message, decryptionKeys: keys.pgp, format: 'binary' });
    return { format, plaintext: data };
  } catch (error) {
    throw new EnvelopeError(`The OpenPGP message could not be decrypted with CIM's import key (${(error as Error).message}): was it encrypted to the key cim keys import-key prints?`);
  }
}

/** A recipient's public key as given to cim export: a JWK, a PEM public key (both JWE), or an armored OpenPGP key. */
export async function sealToRecipient(plaintext: Uint8Array, recipientKey: string): Promise<{ format: EnvelopeFormat; file: Uint8Array }> {
  const text = recipientKey.trim();
  if (text.startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
    const encryptionKeys = await openpgp.readKey({ armoredKey: text });
    const message = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: plaintext }), encryptionKeys, format: 'armored' });
    return { format: 'pgp', file: Buffer.from(message, 'utf8') };
  }
  let key: KeyObject | CryptoKey | Uint8Array;
  let type: string | undefined;
  if (text.startsWith('{')) {
    const jwk = JSON.parse(text) as JWK;
    if (jwk.d !== undefined || jwk.k !== undefined) throw new EnvelopeError('That JWK holds a private or secret key; give the recipient\'s public key.');
    type = jwk.kty === 'RSA' ? 'rsa' : 'ec';
    key = await importJWK({ ...jwk, ext: true }, type === 'rsa' ? 'RSA-OAEP-256' : 'ECDH-ES+A256KW');
  } else if (text.startsWith('-----BEGIN PUBLIC KEY-----')) {
    key = createPublicKey(text);
    type = key.asymmetricKeyType;
  } else {
    throw new EnvelopeError('The recipient key must be a public JWK, a PEM public key (-----BEGIN PUBLIC KEY-----) or an armored OpenPGP public key.');
  }
  const alg = type === 'rsa' ? 'RSA-OAEP-256' : 'ECDH-ES+A256KW';
  const jwe = await new CompactEncrypt(plaintext).setProtectedHeader({ alg, enc: 'A256GCM', cty: 'text/plain' }).encrypt(key);
  return { format: 'jwe', file: Buffer.from(jwe, 'utf8') };
}
