// Child process of dispatcherLifecycle.test.ts: one request to a server that never answers, then close() with a
// deadline. The process must exit on its own once close() settled (no socket or timer left behind).
import { CredentialDispatcher, parseClientCredential, ReloadingCredentialSource } from '../../dist/index.js';

const { url, caPem, certificatePem, privateKeyPem } = JSON.parse(process.env.CHILD_INPUT);
const credential = await ReloadingCredentialSource.create(
  async () => ({ ...parseClientCredential(certificatePem, privateKeyPem), ca: [caPem] }),
  { intervalMs: 0 },
);
const dispatcher = new CredentialDispatcher({ minVersion: 'TLSv1.3', ca: [caPem], credential });
const stalled = dispatcher.request({ origin: url, path: '/stall', method: 'GET' }).then(
  () => 'answered',
  (error) => error.code ?? error.name,
);
// Wait until the request is on the wire, then close with a short deadline.
await new Promise((resolve) => setTimeout(resolve, 200));
await dispatcher.close({ timeoutMs: 300 });
console.log(JSON.stringify({ closed: true, request: await stalled }));
