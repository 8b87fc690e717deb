export * from './idb-store';
export * from './ledger';
export * from './memory-store';
export * from './open';
export * from './types';
