/** The scanner's settings, from its Lambda environment. */
export interface ScannerConfig {
  /** Objects larger than this are tagged TOO-LARGE without being scanned. */
  readonly maxObjectBytes: number;
  /** The private bucket and prefix holding the virus definitions. */
  readonly definitionsBucket: string;
  readonly definitionsPrefix: string;
  /** Where infected objects are moved; undefined to leave them in place (unreadable). */
  readonly quarantineBucket?: string;
  /** The event bus that receives the verdicts. */
  readonly eventBusName: string;
  /** The clamscan binary. */
  readonly clamscanPath: string;
  /** Scratch space (Lambda's ephemeral storage). */
  readonly workDir: string;
}

/** Reads and checks the environment; a missing or bad value is a configuration error naming the variable. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): ScannerConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`scanner configuration: ${name} is not set`);
    return value;
  };
  const max = Number(required('MAX_OBJECT_BYTES'));
  if (!Number.isSafeInteger(max) || max < 1)
    throw new Error(
      `scanner configuration: MAX_OBJECT_BYTES ${JSON.stringify(env.MAX_OBJECT_BYTES)} is not a positive whole number`,
    );
  return {
    maxObjectBytes: max,
    definitionsBucket: required('DEFINITIONS_BUCKET'),
    definitionsPrefix: env.DEFINITIONS_PREFIX ?? 'clamav/',
    quarantineBucket: env.QUARANTINE_BUCKET || undefined,
    eventBusName: env.EVENT_BUS_NAME || 'default',
    clamscanPath: env.CLAMSCAN_PATH || 'clamscan',
    workDir: env.WORK_DIR || '/tmp',
  };
}
