// Child process of tlsVerification.test.ts, started with NODE_TLS_REJECT_UNAUTHORIZED=0: requests to servers the
// configuration must not trust. Prints what each attempt ended with.
import { authorizeSpiffeId, CredentialDispatcher, parseSpiffeId } from '../../dist/index.js';

const { foreignUrl, impostorUrl, caPem, serverId } = JSON.parse(process.env.CHILD_INPUT);
async function attempt(config, url) {
  const dispatcher = new CredentialDispatcher(config);
  try {
    const response = await dispatcher.request({ origin: url, path: '/', method: 'GET' });
    await response.body.dump();
    return `answered ${response.statusCode}`;
  } catch (error) {
    return `${error.code ?? error.name}: ${error.message}`;
  } finally {
    await dispatcher.destroy();
  }
}
const results = {
  env: process.env.NODE_TLS_REJECT_UNAUTHORIZED,
  // Secret mode: the server's certificate is from a CA the client does not trust.
  secret: await attempt({ minVersion: 'TLSv1.3', ca: [caPem] }, foreignUrl),
  // SPIFFE mode: trusted chain, but the server presents another SPIFFE ID than --spiffe-server-id.
  spiffe: await attempt(
    { minVersion: 'TLSv1.3', ca: [caPem], checkServerIdentity: authorizeSpiffeId(parseSpiffeId(serverId)) },
    impostorUrl,
  ),
};
console.log(JSON.stringify(results));
