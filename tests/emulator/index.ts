/** Google Calendar API v3 emulator for tests and the demo; see docs/adr/0006-calendar-emulator.md. */
export { CalendarEmulator } from './emulator';
export type { EmulatorOptions, RecordedRequest, RemoteEdits } from './emulator';
export { emulatorClient } from './client';
export type { EmulatorClient, EmulatorClientOptions } from './client';
export type { DropFault, ErrorFault, Fault, FaultPlan, RandomFaultOptions } from './faults';
export { mulberry32 } from './faults';
export type { FaultStatus, GoogleErrorBody, RateLimitReason } from './errors';
export type { OAuthServer } from './oauth';
export type {
  Attendee,
  EventDateTime,
  EventResource,
  EventStatus,
  ExtendedProperties,
} from './resource';
export type { CalendarInfo } from './store';
export { defaultMaxResults, largestPage } from './listing';
