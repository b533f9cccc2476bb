export * from './policy';
export * from './vpc-endpoints';
