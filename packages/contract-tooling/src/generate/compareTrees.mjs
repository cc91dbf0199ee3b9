import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from './listFiles.mjs';

/**
 * Compares the files below `fresh` with those below `committed`: one line per stale, missing or extra file, named
 * `<label>/<file>`; [] when both trees hold the same files with the same bytes.
 */
export const compareTrees = (fresh, committed, label) => {
  const freshFiles = new Set(listFiles(fresh));
  const committedFiles = new Set(listFiles(committed));
  const problems = [];
  for (const file of [...new Set([...freshFiles, ...committedFiles])].sort()) {
    const name = path.posix.join(label, file);
    if (!committedFiles.has(file)) problems.push(`missing: ${name}`);
    else if (!freshFiles.has(file)) problems.push(`extra (no longer generated): ${name}`);
    else if (!readFileSync(path.join(fresh, file)).equals(readFileSync(path.join(committed, file))))
      problems.push(`stale: ${name}`);
  }
  return problems;
};
