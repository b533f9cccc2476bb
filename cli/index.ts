/**
 * The `s3-security` command. `review` reads Terraform (cdktf.out, *.tf,
 * *.tf.json, plan or state JSON) and reports the S3 controls it meets.
 *
 * Exit codes: 0 clean, 1 failures at or above --fail-on, 2 bad usage or
 * unreadable input (one line on stderr, never a stack trace).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SEVERITIES, Severity, isControlId } from '../controls/catalog';
import { STATUSES, Status } from '../controls/results';
import { InputError } from './readers/raw';
import { renderJson } from './report/json';
import { renderMarkdown } from './report/markdown';
import { renderSarif } from './report/sarif';
import { renderTable } from './report/table';
import { blockingFailures, review } from './review';

export const FORMATS = ['table', 'markdown', 'sarif', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: s3-security review <input>... [options]

Reviews the S3 security of Terraform: a cdktf.out directory, a directory of
*.tf / *.tf.json files, one such file, or plan / state JSON from
\`terraform show -json\` (a file, or - for standard input).

Options:
  --format <f>        table (default), markdown, sarif or json
  --output <file>     write the report to a file instead of standard output
  --base <input>      compare with the input before the change: new failures,
                      fixed ones and unchanged ones (repeatable)
  --only <statuses>   list only findings of these statuses, comma-separated:
                      fail, unknown, accepted, pass, not-applicable (table
                      and markdown; counts and exit code cover everything)
  --fail-on <sev>     exit 1 on failures of this severity or worse: critical,
                      high, medium, low (default) or none; with --base, only
                      new failures count
  --profile <p>       baseline (default) or all (adds Object Lock, replication,
                      MFA delete and VPC endpoint restriction)
  --control <id>      judge only this control (repeatable)
  --account-id <id>   the account that owns the buckets, when the input does
                      not say (provider allowed_account_ids)
  --whole-account     the input configures the whole account: account-level
                      resources missing from it fail instead of being unknown
  --color, --no-color colour the table (default: on a terminal only)
  -h, --help          this help;  --version  the version

Exit codes: 0 no failure at or above --fail-on, 1 failures, 2 bad usage or
unreadable input. See help/review.md.`;

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly readStdin?: () => string;
}

class UsageError extends Error {}

/** The package version, found by walking up from this file (works from sources and from dist). */
export function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'cdktf-s3-security' && pkg.version) return pkg.version;
    } catch {
      // keep looking
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  option: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} ${value} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

async function reviewCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        base: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        only: { type: 'string' },
        profile: { type: 'string' },
        control: { type: 'string', multiple: true },
        'account-id': { type: 'string' },
        'whole-account': { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError(
      'review needs at least one input (a cdktf.out directory, *.tf, *.tf.json or plan JSON)',
    );
  const format = oneOf(values.format, FORMATS, 'format', 'table');
  const failOn = oneOf(values['fail-on'], [...SEVERITIES, 'none'] as (Severity | 'none')[], 'fail-on', 'low');
  const profile = oneOf(values.profile, ['baseline', 'all'] as const, 'profile', 'baseline');
  const only = values.only?.split(',').map((s) => s.trim());
  for (const s of only ?? [])
    if (!(STATUSES as readonly string[]).includes(s))
      throw new UsageError(`--only ${s} is not one of ${STATUSES.join(', ')}`);
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    throw new UsageError(`--account-id ${accountId} is not a 12-digit AWS account id`);
  for (const id of values.control ?? [])
    if (!isControlId(id)) throw new UsageError(`--control ${id} is not a control id (see help/review.md)`);

  const result = await review({
    inputs: positionals,
    base: values.base,
    profile,
    only: values.control,
    accountId,
    wholeAccount: values['whole-account'] ?? false,
    cwd: io.cwd,
    readStdin: io.readStdin,
  });
  const version = packageVersion();
  const color =
    values.output === undefined &&
    !values['no-color'] &&
    (values.color === true || (io.isTTY && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb'));
  const text =
    format === 'markdown'
      ? renderMarkdown(result, { only: only as Status[] | undefined })
      : format === 'sarif'
        ? renderSarif(result, version)
        : format === 'json'
          ? renderJson(result, version)
          : renderTable(result, { color, only: only as Status[] | undefined });
  if (values.output !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, values.output), text);
    } catch (e) {
      throw new InputError(
        `${values.output}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  } else io.stdout(text);
  return blockingFailures(result, failOn).length > 0 ? 1 : 0;
}

/** Runs the command line; resolves to the exit code. Never rejects. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${packageVersion()}\n`);
      return 0;
    }
    if (command !== 'review')
      throw new UsageError(`unknown command ${JSON.stringify(command)}: the command is review`);
    return await reviewCommand(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`s3-security: ${e.message} (see s3-security review --help)\n`);
    } else if (e instanceof InputError) {
      io.stderr(`s3-security: ${e.message}\n`);
    } else {
      const message = e instanceof Error ? e.message : String(e);
      io.stderr(`s3-security: cannot review the input: ${message.split('\n')[0]}\n`);
    }
    return 2;
  }
}

/** Entry point of the `s3-security` bin. */
export function run(argv: readonly string[] = process.argv.slice(2)): void {
  // A reader that stops early (`| head`) closes the pipe: stop quietly, as other command-line tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void main(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
