/**
 * PEM decoding with Go `encoding/pem.Decode` semantics (Go 1.25 line, the version the Go services build with):
 * which block is found, how headers, whitespace and the END line are read, and that the body must be valid padded
 * base64 (see {@link decodeStdBase64}). Hand-written because a regular expression neither matches Go on malformed
 * input nor stays linear on hostile input; this is a port of Go's single forward scan, linear in the input.
 */

import { decodeStdBase64 } from './goBase64';

/** A decoded PEM block (Go `pem.Block`). */
export interface PemBlock {
  /** The type from the BEGIN line, e.g. `CERTIFICATE`. */
  type: string;
  /** `Key: Value` header lines. */
  headers: Record<string, string>;
  /** The decoded body. */
  bytes: Buffer;
}

const pemStart = Buffer.from('\n-----BEGIN ');
const pemEnd = Buffer.from('\n-----END ');
const pemEndOfLine = Buffer.from('-----');
const NL = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

interface Line {
  line: Buffer;
  rest: Buffer;
  consumed: number;
}

// Go getLine: the first \n or \r\n delimited line without trailing spaces and tabs.
function getLine(data: Buffer): Line {
  let end = data.indexOf(NL);
  let next: number;
  if (end < 0) {
    end = data.length;
    next = end;
  } else {
    next = end + 1;
    if (end > 0 && data[end - 1] === CR) end--;
  }
  while (end > 0 && (data[end - 1] === SP || data[end - 1] === TAB)) end--;
  return { line: data.subarray(0, end), rest: data.subarray(next), consumed: next };
}

function trimSpace(data: Buffer): string {
  return data.toString('latin1').trim();
}

function removeSpacesAndTabs(data: Buffer): Buffer {
  if (data.indexOf(SP) < 0 && data.indexOf(TAB) < 0) return data;
  const out = Buffer.allocUnsafe(data.length);
  let length = 0;
  for (const byte of data) {
    if (byte !== SP && byte !== TAB) out[length++] = byte;
  }
  return out.subarray(0, length);
}

/** The first PEM block in `data` (Go `pem.Decode`) and the input after it; undefined when there is none. */
export function decodePem(data: Buffer): { block: PemBlock; rest: Buffer } | undefined {
  let rest = data;
  let endTrailerIndex = 0;
  for (;;) {
    if (endTrailerIndex < 0 || endTrailerIndex > rest.length) {
      // Go 1.25's Decode slices out of range here and panics, so a Go server drops the connection; the two inputs
      // that get here (header lines running past the END line, a BEGIN line without "-----" right before END)
      // are no PEM data.
      return undefined;
    }
    rest = rest.subarray(endTrailerIndex);
    let endIndex = rest.indexOf(pemEnd);
    if (endIndex < 0) return undefined;
    endTrailerIndex = endIndex + pemEnd.length;
    const beginIndex = rest.subarray(0, endIndex).lastIndexOf(pemStart.subarray(1));
    if (beginIndex < 0 || (beginIndex > 0 && rest[beginIndex - 1] !== NL)) continue;
    const skip = beginIndex + pemStart.length - 1;
    rest = rest.subarray(skip);
    endIndex -= skip;
    endTrailerIndex -= skip;

    const typeLine = getLine(rest);
    rest = typeLine.rest;
    // As in Go, this retry keeps the END offset of the text before the type line (Go adjusts it only afterwards).
    if (!endsWith(typeLine.line, pemEndOfLine)) continue;
    endIndex -= typeLine.consumed;
    endTrailerIndex -= typeLine.consumed;
    const type = typeLine.line.subarray(0, typeLine.line.length - pemEndOfLine.length);

    const headers: Record<string, string> = Object.create(null);
    let headerCount = 0;
    for (;;) {
      if (rest.length === 0) return undefined;
      const { line, rest: next, consumed } = getLine(rest);
      const colon = line.indexOf(COLON);
      if (colon < 0) break;
      headers[trimSpace(line.subarray(0, colon))] = trimSpace(line.subarray(colon + 1));
      headerCount++;
      rest = next;
      endIndex -= consumed;
      endTrailerIndex -= consumed;
    }
    if (headerCount > 0 && endIndex < 0) continue;

    const endTrailerLength = type.length + pemEndOfLine.length;
    if (endTrailerIndex < 0 || rest.length - endTrailerIndex < endTrailerLength) continue;
    const endTrailer = rest.subarray(endTrailerIndex, endTrailerIndex + endTrailerLength);
    const restOfEndLine = rest.subarray(endTrailerIndex + endTrailerLength);
    if (!endTrailer.subarray(0, type.length).equals(type) || !endsWith(endTrailer, pemEndOfLine)) continue;
    if (getLine(restOfEndLine).line.length !== 0) continue;

    let bytes: Buffer = Buffer.alloc(0);
    if (endIndex > 0) {
      const decoded = decodeStdBase64(removeSpacesAndTabs(rest.subarray(0, endIndex)));
      if (decoded === undefined) continue;
      bytes = decoded;
    }
    const after = getLine(rest.subarray(endIndex + pemEnd.length - 1)).rest;
    return { block: { type: type.toString('latin1'), headers, bytes }, rest: after };
  }
}

function endsWith(data: Buffer, suffix: Buffer): boolean {
  return data.length >= suffix.length && data.subarray(data.length - suffix.length).equals(suffix);
}

/** Every PEM block of `data` in order, decoding as Go's `for { block, rest = pem.Decode(rest) }` loops do. */
export function* decodePemBlocks(data: Buffer): Generator<PemBlock> {
  let rest = data;
  for (;;) {
    const decoded = decodePem(rest);
    if (decoded === undefined) return;
    yield decoded.block;
    rest = decoded.rest;
  }
}

/** Canonical PEM text of a block body, as Go's `pem.EncodeToMemory` writes it (64-character lines, final newline). */
export function encodePem(type: string, bytes: Uint8Array): string {
  const lines =
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  const body = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}
