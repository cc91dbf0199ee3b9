import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(import.meta.dirname, '../../..');

/** The tracked files of the repository (what a fresh clone has). */
const trackedFiles = () =>
  execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && !file.endsWith('pnpm-lock.yaml'));

// The reference material lives outside the repository; a public clone has no `shared/` beside it. A path to it
// anywhere in the project (a default input, a script, a comment telling readers to look there) is a defect.
const OUTSIDE = /(?:\.\.\/)+shared\/|\/work\/shared|shared\/reference|shared\/design/;

describe('a fresh clone is the whole project', () => {
  it('no tracked file points at reference material outside the repository', () => {
    const offenders = trackedFiles().flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => OUTSIDE.test(line))
        .map(({ index }) => `${file}:${index + 1}`);
    });
    expect(offenders).toEqual([]);
  });
});
