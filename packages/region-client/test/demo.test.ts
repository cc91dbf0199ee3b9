/**
 * The demo runs on a clean checkout (after the build) and every story step behaves as expected: it exits 0, prints
 * each step, and reports no unexpected result.
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const DEMO = fileURLToPath(new URL('../demo/demo.ts', import.meta.url));

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('demo', () => {
  it('runs both stories, the provisioner story included, with every step as expected', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).not.toContain('demo failed');
    expect(stdout).not.toContain('UNEXPECTED');
    expect(code).toBe(0);
    for (let number = 1; number <= 12; number += 1) expect(stdout).toMatch(new RegExp(`^${number}\\. `, 'm'));
    expect(stdout).toContain('"allocations":[{"committed":1,"kind":"networks","reserved":0}]');
    expect(stdout).toMatch(/references\/networks\.region\.unikorn-cloud\.org%252Fnetwork-5d1c/);
    expect(stdout).toContain('Network resource deleted by the API server');
    expect(stdout).toContain('identity allocations now: 0');
  }, 120_000);
});
