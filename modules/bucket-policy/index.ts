export * from './transport';
export * from './delivery';
