export * from './adapter';
export * from './history';
export * from './jsonl-writer';
export * from './log-line';
export * from './logger';
