import { describe, expect, it } from '@jest/globals';
import { CertificateAuthority, type IssuedCertificate, tlsSecret } from '@unikorn-cloud/testkit';
import type { ClientCredential } from '../src/credentials/clientCredential';
import type { CredentialEvent } from '../src/credentials/credentialEvents';
import { DEFAULT_RELOAD_BACKOFF, ReloadingCredentialSource } from '../src/credentials/credentialSource';
import { parseClientCredential, readTLSSecret } from '../src/credentials/secret/secrets';
import { SecretReadTimeoutError } from '../src/errors/secretReadTimeoutError';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { tlsClientConfig } from '../src/tls/tlsClientConfig';
import { HOUR, ManualClock, startKubernetes } from './fixtures';

const DAY = 24 * HOUR;

function credentialOf(issued: Pick<IssuedCertificate, 'certificatePem' | 'privateKeyPem'>): ClientCredential {
  return parseClientCredential(issued.certificatePem, issued.privateKeyPem);
}

/** A source over a loader the test controls, recording every event. */
async function controlledSource(first: ClientCredential, options: { maxMs?: number } = {}) {
  const clock = new ManualClock(Date.now());
  let next: () => ClientCredential = () => first;
  let loads = 0;
  const source = await ReloadingCredentialSource.create(
    async () => {
      loads++;
      return next();
    },
    { intervalMs: HOUR, now: clock.now, backoff: { initialMs: 1_000, maxMs: options.maxMs ?? 8_000 } },
  );
  const events: CredentialEvent[] = [];
  source.onEvent((event) => event.type !== 'backing-off' && events.push(event));
  return {
    source,
    clock,
    events,
    loads: () => loads,
    setNext: (load: () => ClientCredential) => {
      next = load;
    },
  };
}

describe('failed reloads back off (capped exponential, reset on success) and keep the last good credential', () => {
  it('1 s, 2 s, 4 s, 8 s, 8 s between attempts while the loader fails; a success resets the back-off', async () => {
    const ca = await CertificateAuthority.create();
    const [good, replacement] = await Promise.all([ca.issueClient('a'), ca.issueClient('a')]);
    const { source, clock, events, loads, setNext } = await controlledSource(credentialOf(good));
    setNext(() => {
      throw new Error('kubernetes unavailable');
    });
    clock.advance(HOUR);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(source.isDue()).toBe(true);
      expect((await source.refresh()).fingerprint).toBe(credentialOf(good).fingerprint);
      const event = events.at(-1);
      expect(event?.type).toBe('reload-failed');
      const retryInMs = event?.type === 'reload-failed' ? event.retryInMs : -1;
      waits.push(retryInMs);
      // Not due again until the back-off elapsed: no Kubernetes read per request meanwhile.
      clock.advance(retryInMs - 1);
      expect(source.isDue()).toBe(false);
      await source.refresh();
      clock.advance(1);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(loads()).toBe(1 + 5);
    expect(source.failures).toBe(5);
    expect(events.map((event) => (event.type === 'reload-failed' ? event.failures : 0))).toEqual([1, 2, 3, 4, 5]);

    setNext(() => credentialOf(replacement));
    await source.refresh();
    expect(source.failures).toBe(0);
    expect(source.lastError).toBeUndefined();
    expect(source.current().fingerprint).toBe(replacement.fingerprint);
    expect(events.slice(-2).map((event) => event.type)).toEqual(['reloaded', 'epoch-changed']);
    expect(events.at(-1)).toMatchObject({ type: 'epoch-changed', epoch: 1, fingerprint: replacement.fingerprint });

    // After the success the next failure starts again at the initial back-off.
    setNext(() => {
      throw new Error('again');
    });
    clock.advance(HOUR);
    await source.refresh();
    expect(events.at(-1)).toMatchObject({ type: 'reload-failed', failures: 1, retryInMs: 1_000 });
  });

  it('the back-off never exceeds the reload interval, and the defaults are 1 s doubling to 5 minutes', async () => {
    expect(DEFAULT_RELOAD_BACKOFF).toEqual({ initialMs: 1_000, maxMs: 300_000 });
    const ca = await CertificateAuthority.create();
    let fail = false;
    const clock = new ManualClock(Date.now());
    const source = await ReloadingCredentialSource.create(
      async () => {
        if (fail) throw new Error('down');
        return credentialOf(await ca.issueClient('b'));
      },
      { intervalMs: 3_000, now: clock.now },
    );
    const events: CredentialEvent[] = [];
    source.onEvent((event) => event.type !== 'backing-off' && events.push(event));
    fail = true;
    for (let attempt = 0; attempt < 4; attempt++) {
      clock.advance(3_000);
      await source.refresh();
    }
    expect(events.map((event) => (event.type === 'reload-failed' ? event.retryInMs : -1))).toEqual([
      1_000, 2_000, 3_000, 3_000,
    ]);
  });
});

describe('an unusable replacement is refused before the swap; the last good credential is kept and the refusal observable', () => {
  it.each([
    ['expired', { notAfter: new Date(Date.now() - DAY) }, /expired at/],
    [
      'not-yet-valid',
      { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 2 * DAY) },
      /not valid before/,
    ],
  ] as const)('%s', async (reason, validity, detail) => {
    const ca = await CertificateAuthority.create();
    const good = await ca.issueClient('c');
    const unusable = await ca.issueClient('c', validity);
    const { source, clock, events, setNext } = await controlledSource(credentialOf(good));
    setNext(() => credentialOf(unusable));
    clock.advance(HOUR);
    expect((await source.refresh()).fingerprint).toBe(good.fingerprint);
    expect(source.current().fingerprint).toBe(good.fingerprint);
    expect(source.epoch).toBe(0);
    const refused = events.at(-1);
    expect(refused).toMatchObject({ type: 'refused', reason, failures: 1, retryInMs: 1_000 });
    expect(refused?.type === 'refused' && refused.detail).toMatch(detail);
    expect(JSON.stringify(events)).not.toMatch(/BEGIN|PRIVATE/);
    expect(source.isDue()).toBe(false);
  });

  it('key-mismatch: a Secret whose tls.key does not match tls.crt', async () => {
    const ca = await CertificateAuthority.create();
    const [first, other] = await Promise.all([ca.issueClient('d'), ca.issueClient('d')]);
    const k8s = await startKubernetes();
    try {
      k8s.api.putSecret(tlsSecret('ns', 'ca', { certificatePem: ca.certificatePem }));
      k8s.api.putSecret(tlsSecret('ns', 'client', first));
      const clock = new ManualClock(Date.now());
      const config = await tlsClientConfig(
        k8s.kube,
        newHTTPOptions('region', { caSecretNamespace: 'ns', caSecretName: 'ca' }),
        newHTTPClientOptions({ certificateNamespace: 'ns', certificateName: 'client', now: clock.now }),
      );
      const source = config.credential!;
      const events: CredentialEvent[] = [];
      source.onEvent((event) => event.type !== 'backing-off' && events.push(event));
      k8s.api.putSecret(
        tlsSecret('ns', 'client', { certificatePem: first.certificatePem, privateKeyPem: other.privateKeyPem }),
      );
      clock.advance(DAY);
      expect((await source.refresh()).fingerprint).toBe(first.fingerprint);
      expect(events).toEqual([
        expect.objectContaining({ type: 'refused', reason: 'key-mismatch', failures: 1, retryInMs: 1_000 }),
      ]);
      expect(JSON.stringify(events)).not.toMatch(/BEGIN|PRIVATE/);
    } finally {
      await k8s.api.close();
    }
  });
});

describe('every Secret read has its own timeout', () => {
  it('a Kubernetes API that never answers fails the read with SecretReadTimeoutError naming the Secret', async () => {
    const k8s = await startKubernetes();
    try {
      k8s.api.setFault(() => new Promise(() => undefined));
      const error = await readTLSSecret(k8s.kube, 'ns', 'hung', 200).then(
        () => undefined,
        (reason: unknown) => reason as Error,
      );
      expect(error).toBeInstanceOf(SecretReadTimeoutError);
      expect(error?.message).toBe('reading Secret ns/hung: no answer within 200ms');
      expect(k8s.api.reads('ns', 'hung')).toBe(1);
    } finally {
      k8s.api.setFault(undefined);
      await k8s.api.close();
    }
  });
});
