/**
 * Every changeset is one Changesets can read (frontmatter of `"<package>": <bump>` lines, then a summary) and names
 * only published packages of this repository with a valid bump: a changeset that `changeset version` cannot parse
 * would stop the next release. (A Markdown formatter once turned frontmatter lines into headings.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import parse from '@changesets/parse';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(import.meta.dirname, '../../..');
const directory = path.join(root, '.changeset');
const files = readdirSync(directory).filter((name) => name.endsWith('.md') && name !== 'README.md');

const published = readdirSync(path.join(root, 'packages'))
  .map((name) => JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8')))
  .filter((manifest: { private?: boolean }) => manifest.private !== true)
  .map((manifest: { name: string }) => manifest.name);

describe('changesets', () => {
  it('exist (the repository records its user-visible changes)', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s parses, names published packages only, and has a summary', (file) => {
    const parsed = parse(readFileSync(path.join(directory, file), 'utf8'));
    expect(parsed.releases.length).toBeGreaterThan(0);
    for (const release of parsed.releases) {
      expect(published).toContain(release.name);
      expect(['major', 'minor', 'patch']).toContain(release.type);
    }
    expect(parsed.summary.trim().length).toBeGreaterThan(20);
  });

  it('the parser rejects frontmatter turned into a heading (the damage this test guards against)', () => {
    expect(() => parse('---\n\n## "@unikorn-cloud/core-client": minor\n\nSummary of the change.\n')).toThrow();
  });
});
