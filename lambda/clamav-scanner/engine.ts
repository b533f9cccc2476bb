import { execFile } from 'node:child_process';

/** What the engine says about one file. */
export type EngineVerdict =
  | { readonly status: 'CLEAN' }
  | { readonly status: 'INFECTED'; readonly signatures: readonly string[] }
  | { readonly status: 'ERROR'; readonly message: string };

export interface Engine {
  /** Scans one file with the definitions in `databaseDir`. */
  scan(file: string, databaseDir: string): Promise<EngineVerdict>;
  /** The engine name and version, such as `ClamAV 1.4.6`. */
  version(): Promise<string>;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cmd: string, args: readonly string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      const why = error && typeof error.code !== 'number' ? `${error.message}\n` : '';
      resolve({ code, stdout: String(stdout), stderr: why + String(stderr) });
    });
  });
}

/**
 * clamscan, run once per object. Its size limits are raised to the scanner's
 * maximum object size, and content over a limit or encrypted is reported as
 * found (`--alert-exceeds-max`, `--alert-encrypted`): what cannot be scanned
 * is never clean.
 */
export class ClamScanEngine implements Engine {
  constructor(
    private readonly clamscanPath: string,
    private readonly maxBytes: number,
    private readonly timeoutMs = 10 * 60 * 1000,
  ) {}

  public async scan(file: string, databaseDir: string): Promise<EngineVerdict> {
    // clamscan takes sizes in bytes up to 4 GB - 1; larger values are clamped to that.
    const limit = String(Math.min(this.maxBytes, 4294967295 - 1));
    const result = await run(
      this.clamscanPath,
      [
        '--no-summary',
        '--stdout',
        `--database=${databaseDir}`,
        `--max-filesize=${limit}`,
        `--max-scansize=${limit}`,
        '--alert-exceeds-max=yes',
        '--alert-encrypted=yes',
        '--',
        file,
      ],
      this.timeoutMs,
    );
    return parseClamscan(result, file);
  }

  private knownVersion?: string;

  public async version(): Promise<string> {
    if (this.knownVersion) return this.knownVersion;
    const result = await run(this.clamscanPath, ['--version'], 60_000);
    if (result.code !== 0)
      throw new Error(`clamscan --version failed (${result.code}): ${result.stderr.trim()}`);
    this.knownVersion = result.stdout.trim().split('/')[0];
    return this.knownVersion;
  }
}

/**
 * Reads clamscan's answer: exit 0 and `<file>: OK` is clean, exit 1 with
 * `<file>: <signature> FOUND` lines is infected, anything else is an error
 * (exit 2, a signal, a timeout, or output that does not say).
 */
export function parseClamscan(result: Run, file: string): EngineVerdict {
  const lines = result.stdout.split('\n').filter((l) => l.startsWith(`${file}: `));
  const found = lines
    .map((l) => l.slice(file.length + 2))
    .filter((l) => l.endsWith(' FOUND'))
    .map((l) => l.slice(0, -' FOUND'.length));
  if (result.code === 1 && found.length > 0) return { status: 'INFECTED', signatures: found };
  if (result.code === 0 && lines.some((l) => l === `${file}: OK`)) return { status: 'CLEAN' };
  const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
  return { status: 'ERROR', message: `clamscan exited with ${result.code}: ${detail || 'no output'}` };
}
