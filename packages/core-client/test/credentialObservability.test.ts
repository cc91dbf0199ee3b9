import { describe, expect, it } from '@jest/globals';
import { CertificateAuthority } from '@unikorn-cloud/testkit';
import {
  type CredentialEvent,
  type CredentialLogger,
  logCredentialEvents,
  ReloadingCredentialSource,
  secondsUntilExpiry,
} from '../src/credentials';
import { parseClientCredential } from '../src/credentials/secret';
import { HOUR, ManualClock } from './fixtures';

/** A pino-shaped logger recording each call. */
function recordingLogger(withDebug = true) {
  const lines: { level: string; object: Record<string, unknown>; message: string }[] = [];
  const logger: CredentialLogger = {
    warn: (object, message) => lines.push({ level: 'warn', object, message }),
    ...(withDebug ? { debug: (object, message) => lines.push({ level: 'debug', object, message }) } : {}),
  };
  return { logger, lines };
}

async function failingSource() {
  const ca = await CertificateAuthority.create();
  const issued = await ca.issueClient('watched');
  const credential = parseClientCredential(issued.certificatePem, issued.privateKeyPem);
  const clock = new ManualClock(Date.now());
  let fail = false;
  const source = await ReloadingCredentialSource.create(
    async () => {
      if (fail) {
        const error = new Error('kubernetes unavailable') as Error & { code: string };
        error.code = 'ECONNREFUSED';
        throw error;
      }
      return credential;
    },
    { intervalMs: HOUR, now: clock.now, validityNow: clock.now, backoff: { initialMs: 1_000, maxMs: 8_000 } },
  );
  return { source, clock, credential, issued, setFailing: (value: boolean) => (fail = value) };
}

describe('credential lifecycle events: backing off and seconds until expiry', () => {
  it('every failed reload is followed by a backing-off event with the wait and the served certificate’s remaining life', async () => {
    const { source, clock, credential, setFailing } = await failingSource();
    const events: CredentialEvent[] = [];
    source.onEvent((event) => events.push(event));
    setFailing(true);
    clock.advance(HOUR);
    await source.refresh();
    clock.advance(1_000);
    await source.refresh();
    expect(events.map((event) => event.type)).toEqual(['reload-failed', 'backing-off', 'reload-failed', 'backing-off']);
    const expected = (credential.leaf.validToDate.getTime() - clock.now()) / 1000;
    expect(events[3]).toEqual({ type: 'backing-off', failures: 2, retryInMs: 2_000, secondsUntilExpiry: expected });
    expect(expected).toBeGreaterThan(0);
  });

  it('secondsUntilExpiry counts down to notAfter and goes negative after it', () => {
    const leaf = { validToDate: new Date(Date.UTC(2030, 0, 1)) };
    expect(secondsUntilExpiry(leaf, Date.UTC(2029, 11, 31, 23, 59, 0))).toBe(60);
    expect(secondsUntilExpiry(leaf, Date.UTC(2030, 0, 1, 0, 0, 30))).toBe(-30);
  });
});

describe('logCredentialEvents: a pino-compatible logger hook', () => {
  it('warns on failure and back-off, debugs on reload and rotation, and never logs key or certificate material', async () => {
    const { source, clock, issued, setFailing } = await failingSource();
    const { logger, lines } = recordingLogger();
    const stop = logCredentialEvents(source, logger);
    setFailing(true);
    clock.advance(HOUR);
    await source.refresh();
    setFailing(false);
    clock.advance(1_000);
    await source.refresh();
    expect(lines.map((line) => [line.level, line.object.event])).toEqual([
      ['warn', 'reload-failed'],
      ['warn', 'backing-off'],
      ['debug', 'reloaded'],
    ]);
    expect(lines[0].object).toEqual({
      event: 'reload-failed',
      failures: 1,
      retryInMs: 1_000,
      err: { name: 'Error', message: 'kubernetes unavailable', code: 'ECONNREFUSED' },
    });
    expect(lines[0].message).toBe('client credential reload failed; serving the last good credential');
    const logged = JSON.stringify(lines);
    expect(logged).not.toMatch(/BEGIN|PRIVATE/);
    expect(logged).not.toContain(issued.privateKeyPem.split('\n')[1]);
    expect(logged).not.toContain(issued.certificatePem.split('\n')[1]);

    stop();
    setFailing(true);
    clock.advance(HOUR);
    await source.refresh();
    expect(lines).toHaveLength(3);
  });

  it('a logger without debug gets only the warnings, and a throwing logger does not break reloads', async () => {
    const { source, clock, credential, setFailing } = await failingSource();
    const { logger, lines } = recordingLogger(false);
    logCredentialEvents(source, logger);
    logCredentialEvents(source, {
      warn: () => {
        throw new Error('logger down');
      },
    });
    clock.advance(HOUR);
    await source.refresh();
    setFailing(true);
    clock.advance(HOUR);
    expect((await source.refresh()).fingerprint).toBe(credential.fingerprint);
    expect(lines.map((line) => line.level)).toEqual(['warn', 'warn']);
  });
});
