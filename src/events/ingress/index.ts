export * from './calendar';
export * from './command';
export * from './fields';
export * from './ingress';
export * from './script';
export * from './vault';
