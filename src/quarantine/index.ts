/**
 * The quarantine: every version of a note Kira would not accept, kept whole with its reasons
 * in a vault folder (see docs/adr/0007-single-writer.md). Plain TypeScript: nothing here
 * imports `obsidian`.
 */
export { describeDifference, type Difference } from './difference';
export {
  ITEM_FORMAT,
  QUARANTINE_KINDS,
  QUARANTINE_STATUSES,
  itemFromJson,
  itemIdFor,
  itemToJson,
  type ItemReading,
  type QuarantineDraft,
  type QuarantineItem,
  type QuarantineKind,
  type QuarantineStatus,
} from './item';
export {
  DEFAULT_QUARANTINE_FOLDER,
  QuarantineError,
  QuarantineStore,
  type LoadReport,
  type NoteRef,
  type QuarantineAdapter,
  type QuarantineErrorCode,
  type QuarantineLog,
  type QuarantineStoreOptions,
  type SkippedFile,
} from './store';
