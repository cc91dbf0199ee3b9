/** The machine and runtime a run happened on (part of every result). */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

/** Description of the machine and runtime. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly undici: string;
  /** 1-minute load average when the run started (other work on a shared machine adds noise). */
  readonly loadAverageStart: number;
}

function undiciVersion(): string {
  const require = createRequire(import.meta.url);
  try {
    const manifest = require.resolve('undici/package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Describes this machine now. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    undici: undiciVersion(),
    loadAverageStart: os.loadavg()[0],
  };
}
