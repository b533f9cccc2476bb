export * from './props';
export * from './secure-bucket';
export * from './access-log-bucket';
export * from './delivery-bucket';
export * from './controls';
export * from './malware-scan';
