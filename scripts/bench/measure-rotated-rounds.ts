import { Bench } from "tinybench";

/** One variant's latency, in milliseconds, as the median over rounds of each round's p50 and p99. */
export interface RoundedLatency {
  variant: string;
  /** Samples taken over all rounds. */
  samples: number;
  p50: number;
  p99: number;
}

/**
 * Measures every variant in `rounds` short tinybench runs, rotating the order each round, and reports
 * the median of the per-round p50/p99. One GC pause, a warm-up effect or another process on a shared
 * 2-core machine landing on one variant then cannot decide a ratio between variants of the same run.
 * Throws when a task does not complete (a benchmark that failed must not print a figure).
 *
 * @example
 * const rows = await measureRotatedRounds({ raw: () => fetch(url), client: () => client.call() }, { rounds: 5 });
 */
export async function measureRotatedRounds(
  variants: Record<string, () => Promise<unknown>>,
  options: { rounds: number; timeMs: number; warmupMs: number },
): Promise<RoundedLatency[]> {
  const names = Object.keys(variants);
  const samples = new Map(
    names.map((name) => [name, { p50: [] as number[], p99: [] as number[], count: 0 }]),
  );
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs, throws: true });
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      bench.add(name, variants[name] as () => Promise<unknown>);
    }
    await bench.run();
    for (const task of bench.tasks) {
      if (task.result.state !== "completed") throw new Error(`benchmark "${task.name}" did not complete`);
      const entry = samples.get(task.name)!;
      entry.p50.push(task.result.latency.p50);
      entry.p99.push(task.result.latency.p99);
      entry.count += task.result.latency.samplesCount;
    }
  }
  return names.map((name) => {
    const entry = samples.get(name)!;
    return { variant: name, samples: entry.count, p50: median(entry.p50), p99: median(entry.p99) };
  });
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}
