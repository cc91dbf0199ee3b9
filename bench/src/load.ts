/**
 * The load generator: `total` calls of one operation by `concurrency` lanes, each lane starting its next call
 * when the previous one finished (closed loop). Latency per call and client-thread CPU per segment are recorded.
 */

/** One operation; `lane` is the index of the calling lane (0 … concurrency-1). */
export type Operation = (lane: number) => Promise<unknown>;

/** What one measured segment produced. */
export interface Segment {
  /** Calls completed. */
  readonly calls: number;
  /** Wall time of the whole segment, nanoseconds. */
  readonly elapsedNs: number;
  /** Latency of every call, nanoseconds (empty when not recorded). */
  readonly latenciesNs: Float64Array;
  /** CPU time (user + system) of the main thread during the segment, microseconds. */
  readonly threadCpuUs: number;
}

function threadCpuUs(): number {
  const usage = process.threadCpuUsage();
  return usage.user + usage.system;
}

/**
 * Runs `total` calls of `operation` with `concurrency` lanes.
 *
 * @param recordLatencies - false skips the latency array (memory row: nothing allocated per call by the bench).
 */
export async function runLoad(
  operation: Operation,
  total: number,
  concurrency: number,
  recordLatencies = true,
): Promise<Segment> {
  const latencies = new Float64Array(recordLatencies ? total : 0);
  let next = 0;
  const lane = async (index: number): Promise<void> => {
    for (let call = next++; call < total; call = next++) {
      if (recordLatencies) {
        const start = process.hrtime.bigint();
        await operation(index);
        latencies[call] = Number(process.hrtime.bigint() - start);
      } else {
        await operation(index);
      }
    }
  };
  const cpuStart = threadCpuUs();
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, (_, index) => lane(index)));
  const elapsedNs = Number(process.hrtime.bigint() - start);
  return { calls: total, elapsedNs, latenciesNs: latencies, threadCpuUs: threadCpuUs() - cpuStart };
}
