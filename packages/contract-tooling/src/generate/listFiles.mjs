import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file below `dir` as a sorted list of `/`-separated relative paths; [] when `dir` does not exist. */
export const listFiles = (dir, base = dir) => {
  let entries;
  try {
    entries = readdirSync(dir).sort();
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
};
