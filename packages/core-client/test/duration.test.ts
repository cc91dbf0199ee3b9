import { describe, expect, it } from '@jest/globals';
import { ParseFlagError } from '../src/errors/errors';
import { formatGoDuration, parseGoDuration } from '../src/options/duration';

describe('parseGoDuration', () => {
  it.each([
    ['24h', 86_400_000],
    ['90m', 5_400_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['300ms', 300],
    ['-1s', -1000],
    ['+2s', 2000],
    ['0', 0],
    ['-0', 0],
    ['0s', 0],
    ['1h0m0s', 3_600_000],
    ['.5s', 500],
    ['5.s', 5000],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['1500μs', 1.5],
    ['2000000ns', 2],
    ['1m30.5s', 90_500],
  ])('parses %s', (text, expected) => {
    expect(parseGoDuration(text)).toBe(expected);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-', 'time: invalid duration "-"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1h30', 'time: missing unit in duration "1h30"'],
    ['3d', 'time: unknown unit "d" in duration "3d"'],
    ['9999999999h', 'time: invalid duration "9999999999h"'],
  ])('rejects %j', (text, detail) => {
    const attempt = () => parseGoDuration(text);
    expect(attempt).toThrow(ParseFlagError);
    expect(attempt).toThrow(`flag was unable to be parsed: ${detail}`);
  });
});

describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [86_400_000, '24h0m0s'],
    [5_400_000, '1h30m0s'],
    [1500, '1.5s'],
    [300, '300ms'],
    [1.5, '1.5ms'],
    [0.0015, '1.5µs'],
    [0.0001, '100ns'],
    [-1000, '-1s'],
    [61_000, '1m1s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  it('round-trips through parseGoDuration', () => {
    for (const ms of [1, 999, 1000, 59_999, 3_600_001, 86_400_000, 123_456_789]) {
      expect(parseGoDuration(formatGoDuration(ms))).toBe(ms);
    }
  });
});
