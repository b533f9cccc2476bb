export * from './modules/core';
export * from './modules/kms';
export * from './modules/bucket-policy';
export * from './modules/secure-bucket';
export * from './modules/account-public-access';
export * from './controls/catalog';
