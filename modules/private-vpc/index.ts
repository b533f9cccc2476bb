export * from './cidr';
export * from './flow-logs';
export * from './layout';
export * from './private-vpc';
