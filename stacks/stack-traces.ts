import { SourceMapping, findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Frames of the app's own code kept in a token's creation stack. */
export const CREATION_STACK_FRAMES = 8;

type Prepare = (target: unknown, frames: NodeJS.CallSite[]) => unknown;

/** Code of the app, not of a dependency or of Node itself. */
function isAppFile(file: string | undefined | null): file is string {
  return !!file && !file.startsWith('node:') && !file.includes('/node_modules/');
}

/**
 * The text of one frame, as Node prints it with source maps on (the original
 * file, line and column), computed once per code position.
 */
function frameFormatter(): (site: NodeJS.CallSite) => string {
  const texts = new Map<string, string>();
  return (site) => {
    const file = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!file || line === null || column === null) return String(site);
    const key = `${file}:${line}:${column}:${site.getTypeName() ?? ''}`;
    let text = texts.get(key);
    if (text === undefined) {
      text = String(site);
      const found = process.sourceMapsEnabled
        ? findSourceMap(file)?.findEntry(line - 1, column - 1)
        : undefined;
      const entry = found && 'originalSource' in found ? (found as SourceMapping) : undefined;
      if (entry) {
        const source = entry.originalSource.startsWith('file:')
          ? fileURLToPath(entry.originalSource)
          : entry.originalSource;
        const at = `${file}:${line}:${column}`;
        const mapped = `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
        const i = text.lastIndexOf(at);
        if (i >= 0) text = `${text.slice(0, i)}${mapped}${text.slice(i + at.length)}`;
      }
      texts.set(key, text);
    }
    return text;
  };
}

/**
 * Runs `work` (building and synthesizing an app) with short token creation
 * stacks. cdktf records a complete stack trace for every token it creates (a
 * few dozen per resource, mostly inside the provider classes) and formats it
 * at once; only a resolution error ever shows it ("Object creation stack").
 * Here such a stack keeps the app's own frames, at most
 * {@link CREATION_STACK_FRAMES}, each formatted once per code position, so it
 * still points at the code that made the token. Errors keep their full stack.
 * The formatter is installed through V8's `Error.prepareStackTrace` for the
 * duration of `work` only; the previous one is restored afterwards.
 */
export function withShortCreationStacks<T>(work: () => T): T {
  const previous = Error.prepareStackTrace as Prepare | undefined;
  const format = frameFormatter();
  const prepare: Prepare = (target, frames) => {
    if (target instanceof Error) {
      if (previous) return previous(target, frames);
      const head = Error.prototype.toString.call(target);
      return frames.length === 0 ? head : `${head}\n    at ${frames.map(format).join('\n    at ')}`;
    }
    // cdktf captures into a plain object and drops the first line.
    const kept: string[] = [];
    for (const site of frames) {
      if (!isAppFile(site.getFileName())) continue;
      kept.push(format(site));
      if (kept.length === CREATION_STACK_FRAMES) break;
    }
    return kept.length === 0 ? 'Error' : `Error\n    at ${kept.join('\n    at ')}`;
  };
  Error.prepareStackTrace = prepare as typeof Error.prepareStackTrace;
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous as typeof Error.prepareStackTrace;
  }
}
