// The event backbone's hot paths, each beside a baseline measured in the same process:
// dedupe check-and-mark (IndexedDB on fake-indexeddb, and memory) against a bare Map;
// envelope creation (ingress with validation and SHA-256) against JSON.stringify of the
// payload; grace buffer throughput against pushing and sorting the same envelopes.
import 'fake-indexeddb/auto';

import { compare, figure, measure } from './harness';
import type { Envelope } from '../src/events/envelope';
import { createEnvelope } from '../src/events/envelope';
import { GraceBuffer } from '../src/events/grace-buffer';
import { Ingress } from '../src/events/ingress';
import { compareOrder } from '../src/events/order';
import { entityKeyOf } from '../src/events/reducers';
import { ManualTimers } from '../src/events/timers';
import { MemoryKiraStore } from '../src/store/memory-store';
import { openKiraStore } from '../src/store/open';
import { FixedClock } from '../src/time/clock';

const NOW = Date.UTC(2024, 4, 1, 9, 30, 0);
const BATCH = 1000;

function vaultInput(n: number): Record<string, unknown> {
  return {
    action: 'modify',
    id: `task-20240501-0930-bench-${n % 500}`,
    path: `Tasks/bench ${n % 500}.md`,
    frontmatter_hash: `hash${n.toString(16).padStart(12, '0')}`,
    event_ts: NOW + n * 1000,
    seq: n,
  };
}

async function benchDedupe(): Promise<void> {
  const store = await openKiraStore('bench', {});
  if (store.kind !== 'indexeddb') throw new Error('fake-indexeddb did not load');
  const memory = new MemoryKiraStore();
  const seen = new Map<string, number>();
  let n = 0;

  const baseline = await measure(
    'Map check-and-set',
    () => {
      for (let i = 0; i < BATCH; i += 1) {
        const id = `e${n++}`;
        if (!seen.has(id)) seen.set(id, 1);
      }
    },
    { opsPerCall: BATCH },
  );
  const idb = await measure('dedupe markSeen (fake-indexeddb)', () =>
    store.markSeen(`e${n++}`, 'vault', NOW),
  );
  const duplicate = await measure('dedupe markSeen, duplicate (fake-idb)', () =>
    store.markSeen('e1', 'vault', NOW),
  );
  const inMemory = await measure('dedupe markSeen (memory store)', () =>
    memory.markSeen(`e${n++}`, 'vault', NOW),
  );

  compare(idb, baseline, 'marks/s');
  compare(duplicate, baseline, 'marks/s');
  compare(inMemory, baseline, 'marks/s');
  store.close();
}

async function benchEnvelopes(): Promise<void> {
  const clock = new FixedClock(NOW);
  const ingress = new Ingress({ clock });
  const inputs = Array.from({ length: BATCH }, (_, i) => vaultInput(i));
  let n = 0;

  const baseline = await measure(
    'JSON.stringify of the payload',
    () => {
      for (const input of inputs) JSON.stringify(input);
    },
    { opsPerCall: BATCH },
  );
  const viaIngress = await measure('vault ingress → envelope (SHA-256)', () =>
    ingress.vault(inputs[n++ % BATCH]),
  );
  const direct = await measure('createEnvelope alone (SHA-256)', () =>
    createEnvelope({
      source: 'vault',
      type: 'vault.modify',
      external_id: `x${n++}`,
      event_ts: '2024-05-01T09:30:00Z',
      payload: inputs[n % BATCH],
      correlation_id: 'c',
    }),
  );

  compare(viaIngress, baseline, 'envelopes/s');
  compare(direct, baseline, 'envelopes/s');
}

async function benchBuffer(): Promise<void> {
  const clock = new FixedClock(NOW);
  const ingress = new Ingress({ clock });
  const envelopes: Envelope[] = [];
  for (let i = 0; i < BATCH; i += 1) {
    const result = await ingress.vault(vaultInput((i * 7919) % BATCH));
    if (result.ok) envelopes.push(result.envelope);
  }

  const baseline = await measure(
    'push all, then sort by order key',
    () => {
      const all: Envelope[] = [];
      for (const envelope of envelopes) all.push(envelope);
      all.sort(compareOrder);
    },
    { opsPerCall: BATCH },
  );

  let released = 0;
  const buffered = await measure(
    'grace buffer: offer, then flush all',
    () => {
      const buffer = new GraceBuffer({
        clock,
        timers: new ManualTimers(clock),
        keyOf: entityKeyOf,
        onRelease: (batch) => (released += batch.length),
      });
      for (const envelope of envelopes) buffer.offer(envelope);
      buffer.flushAll();
    },
    { opsPerCall: BATCH },
  );

  compare(buffered, baseline, 'events/s');
  figure('events released by the buffer', released, 'events');
}

async function main(): Promise<void> {
  await benchDedupe();
  await benchEnvelopes();
  await benchBuffer();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
