export * from './props';
export * from './policies';
export * from './rules';
export * from './replication';
export * from './controls';
