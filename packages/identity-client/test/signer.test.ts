import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ClientCredentialError } from '@unikorn-cloud/core-client';
import { credentialSigner, type SigningCredentialSource } from '../src';

function ecKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

function source(
  initial: KeyObject | undefined,
): SigningCredentialSource & { key?: KeyObject; credentialEpoch: number } {
  const state = {
    key: initial,
    credentialEpoch: 0,
    signingKeys: 'rsa-or-ec' as const,
    currentCredential: () => (state.key === undefined ? undefined : { privateKey: state.key }),
  };
  return state;
}

function payloadOf(token: string): unknown {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('credentialSigner', () => {
  it('caches one token per principal JSON and signs a different principal separately', async () => {
    const signer = credentialSigner(source(ecKey()));
    const first = await signer.sign({ actor: 'a', projectId: '' });
    expect(await signer.sign({ actor: 'a' })).toBe(first);
    const other = await signer.sign({ actor: 'b' });
    expect(other).not.toBe(first);
    expect(payloadOf(first)).toEqual({ actor: 'a' });
    expect(Buffer.from(first.split('.')[1], 'base64url').toString()).toBe('{"actor":"a"}');
  });

  it('re-signs with the new key when the credential epoch changes', async () => {
    const credentials = source(ecKey());
    const signer = credentialSigner(credentials);
    const before = await signer.sign({ actor: 'a' });
    credentials.key = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    credentials.credentialEpoch = 1;
    const after = await signer.sign({ actor: 'a' });
    expect(after).not.toBe(before);
    expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString())).toEqual({ alg: 'ES384' });
  });

  it('refreshes a due credential before signing', async () => {
    const credentials = source(ecKey());
    let refreshed = 0;
    const signer = credentialSigner({
      ...credentials,
      currentCredential: credentials.currentCredential,
      get credentialEpoch() {
        return refreshed;
      },
      refreshIfDue: async () => {
        refreshed++;
      },
    });
    const first = await signer.sign({ actor: 'a' });
    expect(await signer.sign({ actor: 'a' })).not.toBe(first);
    expect(refreshed).toBe(2);
  });

  it('fails with client credential when no client certificate is configured, and does not cache failures', async () => {
    const credentials = source(undefined);
    const signer = credentialSigner(credentials);
    await expect(signer.sign({ actor: 'a' })).rejects.toThrow(ClientCredentialError);
    await expect(signer.sign({ actor: 'a' })).rejects.toThrow(/^client credential: /);
    const unsupported = source(generateKeyPairSync('ed25519').privateKey);
    const failing = credentialSigner(unsupported);
    await expect(failing.sign({ actor: 'a' })).rejects.toThrow('private key type is unsupported');
    unsupported.key = ecKey();
    expect(payloadOf(await failing.sign({ actor: 'a' }))).toEqual({ actor: 'a' });
  });

  it('keeps at most maxEntries tokens', async () => {
    const signer = credentialSigner(source(ecKey()), { maxEntries: 1 });
    const a = await signer.sign({ actor: 'a' });
    await signer.sign({ actor: 'b' });
    expect(await signer.sign({ actor: 'a' })).not.toBe(a);
  });
});
