import { randomBytes } from 'node:crypto';

/**
 * Normalises a hexadecimal serial number the way Node's `X509Certificate.serialNumber` prints it, lowercased:
 * no leading zero bytes and an even number of digits (`'a01'` and `'000a01'` become `'0a01'`).
 */
export function normalizeSerialNumber(serial: string): string {
  const hex = serial.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]+$/.test(hex)) throw new Error('serial number must be hexadecimal');
  const stripped = hex.replace(/^0+/, '');
  if (stripped === '') throw new Error('serial number must be positive');
  return stripped.length % 2 === 0 ? stripped : `0${stripped}`;
}

/** A random positive 128-bit serial number whose first digit is never zero, as lowercase hex (32 digits). */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = 0x10 + (bytes[0] % 0x70);
  return bytes.toString('hex');
}
