/**
 * Mutator 2: relay of the certificate of the service that started the call chain (identity `InjectClientCert`).
 */

import { ClientCertificateHeader } from '../headers';
import { type RequestMutator, setHeader } from './types';

/** Name of the client-certificate relay mutator, for logs and tests. */
export const clientCertificateMutatorName = 'clientCertificateMutator';

/** Sets `Unikorn-Client-Certificate` to the context's relayed certificate, verbatim; nothing when there is none. */
export function clientCertificateMutator(): RequestMutator {
  const mutator: RequestMutator = (request, context) => {
    if (context.clientCertificate !== undefined && context.clientCertificate !== '') {
      setHeader(request.headers, ClientCertificateHeader, context.clientCertificate);
    }
  };
  Object.defineProperty(mutator, 'name', { value: clientCertificateMutatorName });
  return mutator;
}
