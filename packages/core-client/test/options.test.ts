import { describe, expect, it } from '@jest/globals';
import { ClientCredentialError, ParseFlagError } from '../src/errors/errors';
import { readFlags } from '../src/options/flags';
import {
  clientCertificateSource,
  DEFAULT_RELOAD_INTERVAL_MS,
  HTTPClientOptions,
  HTTPOptions,
  newHTTPClientOptions,
  newHTTPOptions,
} from '../src/options/options';

describe('readFlags', () => {
  it('accepts --name=value and --name value, last wins, unknown flags ignored', () => {
    const values = readFlags(
      ['serve', '--a=1', '--unknown', 'x', '--b', 'two', '--a', '3', '--c=', '--', '--b=ignored'],
      ['a', '--b', 'c', 'd'],
    );
    expect([...values]).toEqual([
      ['a', '3'],
      ['--b', 'two'],
      ['c', ''],
    ]);
  });

  it('takes the next argument as the value even when it looks like a flag (pflag)', () => {
    expect(readFlags(['--a', '--b'], ['a']).get('a')).toBe('--b');
  });

  it('rejects a known flag without a value', () => {
    expect(() => readFlags(['--a'], ['a'])).toThrow(ParseFlagError);
    expect(() => readFlags(['--a'], ['a'])).toThrow('flag was unable to be parsed: flag needs an argument: --a');
  });
});

describe('HTTPOptions', () => {
  it('names its flags after the service', () => {
    expect(newHTTPOptions('region').flagNames()).toEqual({
      host: '--region-host',
      caSecretNamespace: '--region-ca-secret-namespace',
      caSecretName: '--region-ca-secret-name',
    });
  });

  it('defaults to empty strings (system roots, no host)', () => {
    const options = new HTTPOptions('identity');
    expect([options.service, options.host, options.caSecretNamespace, options.caSecretName]).toEqual([
      'identity',
      '',
      '',
      '',
    ]);
  });

  it('parses its own flags from argv and ignores other services', () => {
    const options = newHTTPOptions('region').parseFlags([
      '--identity-host=https://identity',
      '--region-host=https://region.example.com',
      '--region-ca-secret-namespace',
      'unikorn',
      '--region-ca-secret-name=region-ca',
    ]);
    expect(options.host).toBe('https://region.example.com');
    expect(options.caSecretNamespace).toBe('unikorn');
    expect(options.caSecretName).toBe('region-ca');
  });

  it('applies camelCase keys and flag names with or without dashes', () => {
    const options = newHTTPOptions('region', { host: 'https://a' });
    expect(options.host).toBe('https://a');
    options.apply({ 'region-ca-secret-name': 'ca', '--region-ca-secret-namespace': 'ns', other: 'x' });
    expect(options.caSecretName).toBe('ca');
    expect(options.caSecretNamespace).toBe('ns');
    options.apply({ caSecretName: 'ca2' });
    expect(options.caSecretName).toBe('ca2');
  });
});

describe('HTTPClientOptions', () => {
  it('has Go defaults: secret source, 24h reload interval', () => {
    const options = newHTTPClientOptions();
    expect(options.certificateNamespace).toBe('');
    expect(options.certificateName).toBe('');
    expect(options.reloadIntervalMs).toBe(24 * 3600 * 1000);
    expect(DEFAULT_RELOAD_INTERVAL_MS).toBe(86_400_000);
    expect(options.source).toBe('secret');
    expect(options.spiffeServerId).toBe('');
    expect(options.now).toBe(Date.now);
  });

  it('parses every flag from argv', () => {
    const options = new HTTPClientOptions().parseFlags([
      '--client-certificate-namespace=unikorn-region',
      '--client-certificate-name',
      'region-client-tls',
      '--client-certificate-reload-interval=1h30m',
      '--client-certificate-source=spiffe',
      '--spiffe-server-id',
      'spiffe://example.org/ns/unikorn-region/sa/region-server',
    ]);
    expect(options.certificateNamespace).toBe('unikorn-region');
    expect(options.certificateName).toBe('region-client-tls');
    expect(options.reloadIntervalMs).toBe(5_400_000);
    expect(options.source).toBe('spiffe');
    expect(options.spiffeServerId).toBe('spiffe://example.org/ns/unikorn-region/sa/region-server');
  });

  it('accepts zero and negative reload intervals (reload disabled)', () => {
    expect(new HTTPClientOptions().parseFlags(['--client-certificate-reload-interval=0']).reloadIntervalMs).toBe(0);
    expect(new HTTPClientOptions().parseFlags(['--client-certificate-reload-interval', '-1s']).reloadIntervalMs).toBe(
      -1000,
    );
  });

  it('applies plain objects: camelCase keys, flag names, ms numbers or Go durations', () => {
    const options = newHTTPClientOptions({ certificateName: 'tls', reloadIntervalMs: 1000 });
    expect(options.certificateName).toBe('tls');
    expect(options.reloadIntervalMs).toBe(1000);
    options.apply({ 'client-certificate-reload-interval': '2m', '--client-certificate-namespace': 'ns' });
    expect(options.reloadIntervalMs).toBe(120_000);
    expect(options.certificateNamespace).toBe('ns');
  });

  it('rejects a bad reload interval naming the flag and the value', () => {
    const attempt = () => new HTTPClientOptions().parseFlags(['--client-certificate-reload-interval=soon']);
    expect(attempt).toThrow(ParseFlagError);
    expect(attempt).toThrow(
      'flag was unable to be parsed: invalid argument "soon" for "--client-certificate-reload-interval" flag: time: invalid duration "soon"',
    );
  });

  it('setNow replaces the clock', () => {
    const options = newHTTPClientOptions().setNow(() => 42);
    expect(options.now()).toBe(42);
    expect(newHTTPClientOptions({ now: () => 7 }).now()).toBe(7);
  });

  it('validates the certificate source', () => {
    expect(clientCertificateSource({ source: '' })).toBe('secret');
    expect(clientCertificateSource({ source: 'secret' })).toBe('secret');
    expect(clientCertificateSource({ source: 'spiffe' })).toBe('spiffe');
    expect(() => clientCertificateSource({ source: 'bogus' })).toThrow(ClientCredentialError);
    expect(() => clientCertificateSource({ source: 'bogus' })).toThrow(
      'client credential: unknown --client-certificate-source "bogus"',
    );
  });
});
