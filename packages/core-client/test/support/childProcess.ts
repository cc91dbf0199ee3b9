import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const testDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs `test/children/<script>` in a fresh Node process (with `env` added) and returns its last stdout line as
 * JSON. The scripts load the built package (`dist/`), as a consumer would.
 */
export function runChild(script: string, input: unknown, env: Record<string, string> = {}): Promise<unknown> {
  if (!existsSync(join(testDir, '..', 'dist', 'index.js'))) {
    throw new Error('core-client is not built: run `pnpm build` first (the child process loads dist/)');
  }
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(testDir, 'children', script)],
      { env: { ...process.env, ...env, CHILD_INPUT: JSON.stringify(input) }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${script} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null'));
      },
    );
  });
}
