import { describe, expect, it } from '@jest/globals';
import { InvalidContextError } from '@unikorn-cloud/core-client';
import {
  clientCertificateFromContext,
  currentIdentityContext,
  impersonateFromContext,
  principalFromContext,
  withClientCertificate,
  withIdentityContext,
  withImpersonation,
  withPrincipal,
} from '../src';

describe('identity context', () => {
  it('a missing principal fails with the Go text', () => {
    expect(() => principalFromContext()).toThrow(InvalidContextError);
    expect(() => principalFromContext()).toThrow('context invalid: principal is not defined');
  });

  it('withPrincipal scopes the principal across awaits and restores the outer scope afterwards', async () => {
    const seen = await withPrincipal({ actor: 'outer' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const inner = await withPrincipal({ actor: 'inner' }, async () => principalFromContext().actor);
      return [inner, principalFromContext().actor];
    });
    expect(seen).toEqual(['inner', 'outer']);
    expect(currentIdentityContext().principal).toBeUndefined();
  });

  it('impersonation and the relayed certificate are kept alongside the principal', () => {
    withPrincipal({ actor: 'a' }, () =>
      withImpersonation(() =>
        withClientCertificate('cert%0A', () => {
          expect(impersonateFromContext()).toBe(true);
          expect(clientCertificateFromContext()).toBe('cert%0A');
          expect(principalFromContext()).toEqual({ actor: 'a' });
        }),
      ),
    );
    expect(impersonateFromContext()).toBe(false);
    expect(clientCertificateFromContext()).toBeUndefined();
  });

  it('readers accept an explicit context and withIdentityContext replaces the whole context', () => {
    const explicit = { principal: { actor: 'x' }, impersonate: true };
    expect(principalFromContext(explicit)).toEqual({ actor: 'x' });
    expect(impersonateFromContext(explicit)).toBe(true);
    withClientCertificate('c', () =>
      withIdentityContext({ principal: { actor: 'y' } }, () => {
        expect(clientCertificateFromContext()).toBeUndefined();
        expect(principalFromContext().actor).toBe('y');
      }),
    );
  });
});
