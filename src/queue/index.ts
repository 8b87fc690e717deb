/**
 * The single writer (see docs/adr/0007-single-writer.md): the write queue every write Kira
 * makes goes through, the ledger that recognizes Kira's own writes when the vault reports them
 * back, and the runaway guard. Plain TypeScript: nothing here imports `obsidian`.
 */
export { contentHash } from './content-hash';
export { WriteError, isWriteError, type WriteErrorCode } from './errors';
export {
  MemoryNoteWriter,
  type MemoryNoteWriterOptions,
  type NoteChange,
  type NoteWriter,
} from './note-writer';
export { DEFAULT_OWN_WRITE_TTL_MS, OwnWriteLedger, type OwnWriteLedgerOptions } from './own-writes';
export {
  DEFAULT_RUNAWAY,
  RunawayGuard,
  type RunawayOptions,
  type RunawayTrip,
  type RunawayVerdict,
} from './runaway';
export {
  DEFAULT_WRITE_CONCURRENCY,
  WriteQueue,
  type EditRequest,
  type EntityLocator,
  type RefusedWrite,
  type Revision,
  type RunawayReport,
  type TrashRequest,
  type UpsertRequest,
  type WriteOrigin,
  type WriteQueueOptions,
  type WriteReceipt,
  type WriteTarget,
} from './write-queue';
