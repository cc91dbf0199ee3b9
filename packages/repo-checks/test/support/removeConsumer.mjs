// jest globalTeardown: removes the scratch consumer made by packedConsumer.mjs.
import { rmSync } from 'node:fs';

export default async function removeConsumer() {
  const scratch = process.env.UNIKORN_PACKED_CONSUMER;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
