import { Io, main } from '../../cli';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line in-process, as the bin does. */
export async function runCli(
  argv: string[],
  options: { stdin?: string; tty?: boolean; cwd?: string } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: options.tty ?? false,
    env: {},
    cwd: options.cwd ?? process.cwd(),
    readStdin: options.stdin === undefined ? undefined : () => options.stdin as string,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
