import { createPrivateKey, type KeyObject, webcrypto } from 'node:crypto';

/** The key types testkit can generate. */
export type KeyType = 'rsa-2048' | 'rsa-4096' | 'ec-p256' | 'ec-p384' | 'ec-p521' | 'ed25519';

/** Every supported {@link KeyType}, in a stable order (handy for table-driven tests). */
export const keyTypes: readonly KeyType[] = ['rsa-2048', 'rsa-4096', 'ec-p256', 'ec-p384', 'ec-p521', 'ed25519'];

/** PEM encodings of a private key: PKCS#8 (`PRIVATE KEY`), PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`). */
export type PrivateKeyFormat = 'pkcs8' | 'pkcs1' | 'sec1';

/** A generated WebCrypto key pair together with the Node view of its private key. */
export interface GeneratedKey {
  readonly keyType: KeyType;
  readonly keys: CryptoKeyPair;
  readonly privateKey: KeyObject;
}

const subtle = (globalThis.crypto ?? webcrypto).subtle as SubtleCrypto;

function generationAlgorithm(keyType: KeyType): RsaHashedKeyGenParams | EcKeyGenParams | Algorithm {
  switch (keyType) {
    case 'rsa-2048':
    case 'rsa-4096':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: keyType === 'rsa-2048' ? 2048 : 4096,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      };
    case 'ec-p256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'ec-p384':
      return { name: 'ECDSA', namedCurve: 'P-384' };
    case 'ec-p521':
      return { name: 'ECDSA', namedCurve: 'P-521' };
    case 'ed25519':
      return { name: 'Ed25519' };
    default:
      throw new Error(`unknown key type ${String(keyType)}`);
  }
}

/** The signature algorithm a CA holding a key of this type signs with (SHA-256/384/512 matched to the curve). */
export function signingAlgorithm(keyType: KeyType): Algorithm | EcdsaParams | RsaHashedImportParams {
  switch (keyType) {
    case 'rsa-2048':
    case 'rsa-4096':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ec-p256':
      return { name: 'ECDSA', hash: 'SHA-256' };
    case 'ec-p384':
      return { name: 'ECDSA', hash: 'SHA-384' };
    case 'ec-p521':
      return { name: 'ECDSA', hash: 'SHA-512' };
    case 'ed25519':
      return { name: 'Ed25519' };
    default:
      throw new Error(`unknown key type ${String(keyType)}`);
  }
}

async function generateFresh(keyType: KeyType): Promise<GeneratedKey> {
  const keys = (await subtle.generateKey(generationAlgorithm(keyType), true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = await subtle.exportKey('pkcs8', keys.privateKey);
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  return { keyType, keys, privateKey };
}

let rsa4096: Promise<GeneratedKey> | undefined;

/**
 * Generates a key pair. RSA-4096 generation takes around a second, so one RSA-4096 key pair is generated per process
 * and reused by every later `rsa-4096` request (certificates still differ by serial number and subject).
 */
export function generateKey(keyType: KeyType): Promise<GeneratedKey> {
  if (keyType !== 'rsa-4096') return generateFresh(keyType);
  if (rsa4096 === undefined) {
    rsa4096 = generateFresh(keyType);
    rsa4096.catch(() => {
      rsa4096 = undefined;
    });
  }
  return rsa4096;
}

/** Encodes a private key as PEM in the requested format; PKCS#1 needs an RSA key and SEC1 an EC key. */
export function exportPrivateKeyPem(
  privateKey: KeyObject,
  keyType: KeyType,
  format: PrivateKeyFormat = 'pkcs8',
): string {
  if (format === 'pkcs1' && privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`private key format pkcs1 needs an RSA key, not ${keyType}`);
  }
  if (format === 'sec1' && privateKey.asymmetricKeyType !== 'ec') {
    throw new Error(`private key format sec1 needs an EC key, not ${keyType}`);
  }
  return privateKey.export({ type: format, format: 'pem' }).toString();
}
