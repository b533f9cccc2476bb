export * from './modules/core';
export * from './modules/kms';
export * from './modules/bucket-policy';
export * from './modules/secure-bucket';
export * from './controls/catalog';
