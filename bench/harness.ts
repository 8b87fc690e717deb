/**
 * A small benchmark harness: runs a body repeatedly for a while and reports operations per
 * second. Every figure is printed beside a baseline measured in the same process, as a ratio,
 * so machine speed cancels out.
 */

export interface Measurement {
  name: string;
  opsPerSecond: number;
  iterations: number;
  elapsedMs: number;
}

/** Runs `body` (which performs `opsPerCall` operations) for about `durationMs`, after a warm-up. */
export async function measure(
  name: string,
  body: () => unknown,
  options: { durationMs?: number; opsPerCall?: number; warmupMs?: number } = {},
): Promise<Measurement> {
  const durationMs = options.durationMs ?? 1000;
  const opsPerCall = options.opsPerCall ?? 1;
  await loop(body, options.warmupMs ?? 200);
  const { iterations, elapsedMs } = await loop(body, durationMs);
  const opsPerSecond = (iterations * opsPerCall * 1000) / elapsedMs;
  return { name, opsPerSecond, iterations: iterations * opsPerCall, elapsedMs };
}

async function loop(
  body: () => unknown,
  durationMs: number,
): Promise<{ iterations: number; elapsedMs: number }> {
  const start = performance.now();
  let iterations = 0;
  let now = start;
  while (now - start < durationMs) {
    const result = body();
    if (result instanceof Promise) await result;
    iterations += 1;
    now = performance.now();
  }
  return { iterations, elapsedMs: now - start };
}

/** Prints a figure beside its baseline: `subject / baseline` as a ratio. */
export function compare(subject: Measurement, baseline: Measurement, unit = 'ops/s'): void {
  const ratio = subject.opsPerSecond / baseline.opsPerSecond;
  console.log(
    `${pad(subject.name)} ${fmt(subject.opsPerSecond)} ${unit}   | baseline ${baseline.name}: ` +
      `${fmt(baseline.opsPerSecond)} ${unit}   | ratio ${ratio.toFixed(2)}`,
  );
}

/** Prints a single figure with an optional target, for quantities that have no natural baseline. */
export function figure(name: string, value: number, unit: string, target?: string): void {
  console.log(`${pad(name)} ${fmt(value)} ${unit}${target ? `   (target: ${target})` : ''}`);
}

function pad(text: string): string {
  return text.padEnd(44);
}

function fmt(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}
