export * from './props';
export * from './policies';
export * from './replication';
export * from './controls';
