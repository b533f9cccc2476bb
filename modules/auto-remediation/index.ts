export * from './runbooks';
export * from './remediation';
