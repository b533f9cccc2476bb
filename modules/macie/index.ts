export * from './limits';
export * from './account';
export * from './custom-data-identifier';
export * from './classification-job';
export * from './findings-filter';
export * from './results-export';
export * from './alerts';
export * from './controls';
