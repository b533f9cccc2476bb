export * from './grants';
export * from './key';
export * from './s3-data-key';
export * from './service-key';
export * from './key-choice';
