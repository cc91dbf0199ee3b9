import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ClientCredentialError } from '@unikorn-cloud/core-client';
import { credentialSigner, type SigningCredentialSource, signedPrincipalMutator } from '../src';

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

  it('signedToken answers only for a principal already signed under the snapshot epoch, and never for a failed one', async () => {
    const credentials = source(ecKey());
    const signer = credentialSigner(credentials);
    const snapshot = { epoch: 0, credential: credentials.currentCredential(), signingKeys: 'rsa-or-ec' as const };
    expect(signer.signedToken?.({ actor: 'a' }, snapshot)).toBeUndefined();
    const pending = signer.sign({ actor: 'a' }, snapshot);
    // Still signing: only the asynchronous path knows the token.
    expect(signer.signedToken?.({ actor: 'a' }, snapshot)).toBeUndefined();
    const token = await pending;
    expect(signer.signedToken?.({ actor: 'a', projectId: '' }, snapshot)).toBe(token);
    await signer.sign({ actor: 'b' }, snapshot);
    // Found through the per-principal cache, not only as the last one.
    expect(signer.signedToken?.({ actor: 'a' }, snapshot)).toBe(token);
    expect(signer.signedToken?.({ actor: 'c' }, snapshot)).toBeUndefined();
    // No snapshot: `sign` may have to wait for a due reload first.
    expect(signer.signedToken?.({ actor: 'a' })).toBeUndefined();
    // A lease of another epoch (older, or a rotation this signer has not seen yet) never gets a cached token.
    expect(signer.signedToken?.({ actor: 'a' }, { ...snapshot, epoch: 1 })).toBeUndefined();
    credentials.credentialEpoch = 1;
    await signer.sign({ actor: 'a' }, { ...snapshot, epoch: 1 });
    expect(signer.signedToken?.({ actor: 'a' }, snapshot)).toBeUndefined();

    const failing = credentialSigner(source(generateKeyPairSync('ed25519').privateKey));
    const bad = { epoch: 0, credential: { privateKey: generateKeyPairSync('ed25519').privateKey } };
    await expect(failing.sign({ actor: 'a' }, bad)).rejects.toThrow('private key type is unsupported');
    expect(failing.signedToken?.({ actor: 'a' }, bad)).toBeUndefined();
  });

  it('the controller mutator sets a cached signature synchronously and waits for the signer otherwise', async () => {
    const credentials = source(ecKey());
    const signer = credentialSigner(credentials);
    const snapshot = { epoch: 0, credential: credentials.currentCredential(), signingKeys: 'rsa-or-ec' as const };
    const resource = {
      metadata: {
        labels: { 'unikorn-cloud.org/organization': 'org-1', 'unikorn-cloud.org/project': 'proj-1' },
        annotations: { 'unikorn-cloud.org/creator': 'user@example.com' },
      },
    };
    const mutator = signedPrincipalMutator(resource, signer);
    // The request's credential lease, as the transport passes it (only the snapshot fields are read).
    const lease = { ...snapshot, release: () => undefined } as unknown as Parameters<typeof mutator>[0]['credential'];
    const request = () => ({
      method: 'GET',
      url: new URL('https://x.test/'),
      headers: {} as Record<string, string>,
      credential: lease,
    });
    const first = request();
    const pending = mutator(first, {});
    expect(pending).toBeInstanceOf(Promise);
    expect(first.headers).toEqual({});
    await pending;
    const token = first.headers['X-Principal'];
    expect(payloadOf(token)).toEqual({ organizationId: 'org-1', projectId: 'proj-1', actor: 'user@example.com' });
    const second = request();
    expect(mutator(second, {})).toBeUndefined();
    expect(second.headers).toEqual({ 'X-Principal': token });
    // The labels are read per request: a changed principal is signed again, asynchronously.
    resource.metadata.annotations['unikorn-cloud.org/creator'] = 'other@example.com';
    const third = request();
    const again = mutator(third, {});
    expect(again).toBeInstanceOf(Promise);
    await again;
    expect(payloadOf(third.headers['X-Principal'])).toMatchObject({ actor: 'other@example.com' });
  });
});
