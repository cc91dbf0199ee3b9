import { describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import * as jose from 'jose';
import nock from 'nock';
import { request } from 'undici';
import { placeholder } from '../src/index';

describe('smoke', () => {
  it('loads esm deps', async () => {
    expect(typeof jose.CompactSign).toBe('function');
    expect(typeof KubeConfig).toBe('function');
    nock('https://api.test').get('/x').reply(200, { ok: true });
    const r = await request('https://api.test/x');
    expect(await r.body.json()).toEqual({ ok: true });
    expect(placeholder).toBe(1);
  });
});
