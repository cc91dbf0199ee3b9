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

// Pointers into documents a clone does not have: the reference notes by name (`UPSTREAM.md`, `ECOSYSTEM §2`,
// `ARCHITECTURE.md`), their case numbers (`UPSTREAM #52`) and sections (`§1.2`; no document in the repository is
// numbered by sections). A comment, doc or test name says what it means in its own words instead.
const OUTSIDE_DOCUMENT =
  /\b(?:UPSTREAM|ECOSYSTEM|ARCHITECTURE)(?:-[A-Z]+)?\.md\b|\bUPSTREAM(?:-[A-Z]+)?\s*[#§]|\bECOSYSTEM\b|§\s*\d/;

/** `file:line` of every line of a tracked file that matches `pattern`. */
function linesMatching(pattern: RegExp): string[] {
  return trackedFiles().flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => pattern.test(line))
      .map(({ index }) => `${file}:${index + 1}`);
  });
}

describe('a fresh clone is the whole project', () => {
  it('no tracked file points at reference material outside the repository', () => {
    expect(linesMatching(OUTSIDE)).toEqual([]);
  });

  it('no comment, doc or test name refers to a document outside the repository', () => {
    // This file names the patterns; every other tracked file must match none of them.
    const self = path.relative(root, import.meta.filename);
    expect(linesMatching(OUTSIDE_DOCUMENT).filter((hit) => !hit.startsWith(`${self}:`))).toEqual([]);
  });

  it('the document check catches the usual forms and spares ordinary words', () => {
    const caught = ['see UPSTREAM §9.1', "it('UPSTREAM #52 reload", 'ECOSYSTEM §2', '(§1.1, §1.2)', 'UPSTREAM.md'];
    const spared = ['const UPSTREAM_V2 = []', 'an upstream OpenAPI file', 'Go `core/pkg/manager`', 'issue #15'];
    expect(caught.filter((line) => !OUTSIDE_DOCUMENT.test(line))).toEqual([]);
    expect(spared.filter((line) => OUTSIDE_DOCUMENT.test(line))).toEqual([]);
  });
});
