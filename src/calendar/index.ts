/** Two-way Google Calendar sync; see docs/adr/0008-calendar-sync.md. */
export { CalendarSync, type CalendarSyncOptions, type SyncState, type SyncStatus } from './engine';
export {
  type CalendarSyncSettings,
  type SyncDirection,
  type SyncReport,
  DEFAULT_SYNC_SETTINGS,
} from './context';
export {
  type CalendarApi,
  type EventsPage,
  type ListRequest,
  googleCalendarApi,
  toSyncError,
} from './client';
export { CalendarSyncError, type CalendarSyncErrorCode } from './errors';
export {
  type RetryPolicy,
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  sleepWith,
  withRetry,
} from './backoff';
export { remoteIdFor, importedEntityId, isEventId } from './ids';
export { type SyncContract, readContract } from './contract';
export type {
  EntityNote,
  EntityRepository,
  SyncQuarantine,
  SyncQuarantineDraft,
  WriteOrigin,
} from './repository';
export { MemoryEntityRepository } from './memory-repository';
