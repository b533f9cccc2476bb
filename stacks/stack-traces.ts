import { SourceMapping, findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Frames of the app's own code kept in a token's creation stack. */
export const CREATION_STACK_FRAMES = 8;

type Prepare = (target: unknown, frames: NodeJS.CallSite[]) => unknown;

/** Code of the app, not of a dependency or of Node itself. */
function isAppFile(file: string | undefined | null): file is string {
  return !!file && !file.startsWith('node:') && !file.includes('/node_modules/');
}

/** Identifies a frame's text: the code position and the type of `this`. */
function positionOf(site: NodeJS.CallSite): string | undefined {
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!file || line === null || column === null) return undefined;
  return `${file}:${line}:${column}:${site.getTypeName() ?? ''}`;
}

/** The text of one frame as Node prints it with source maps on: the original file, line and column. */
function frameText(site: NodeJS.CallSite): string {
  const text = String(site);
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!process.sourceMapsEnabled || !file || line === null || column === null) return text;
  const found = findSourceMap(file)?.findEntry(line - 1, column - 1);
  if (!found || !('originalSource' in found)) return text;
  const entry = found as SourceMapping;
  const source = entry.originalSource.startsWith('file:')
    ? fileURLToPath(entry.originalSource)
    : entry.originalSource;
  const at = `${file}:${line}:${column}`;
  const i = text.lastIndexOf(at);
  if (i < 0) return text;
  return `${text.slice(0, i)}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}${text.slice(i + at.length)}`;
}

/**
 * Runs `work` (building and synthesizing an app) with short token creation
 * stacks. cdktf records a complete stack trace for every token it creates (a
 * few dozen per resource, mostly inside the provider classes) and formats it
 * at once; only a resolution error ever shows it ("Object creation stack").
 * Here such a stack keeps the app's own frames, at most
 * {@link CREATION_STACK_FRAMES}, so it still points at the code that made the
 * token; each frame is formatted once per code position and each stack once
 * per path through the app. Errors keep their full stack. The formatter is
 * installed through V8's `Error.prepareStackTrace` for the duration of `work`
 * only; the previous one is restored afterwards.
 */
export function withShortCreationStacks<T>(work: () => T): T {
  const previous = Error.prepareStackTrace as Prepare | undefined;
  const frames = new Map<string, string>();
  const stacks = new Map<string, string>();
  const format = (site: NodeJS.CallSite, position = positionOf(site)): string => {
    if (position === undefined) return String(site);
    let text = frames.get(position);
    if (text === undefined) {
      text = frameText(site);
      frames.set(position, text);
    }
    return text;
  };
  const prepare: Prepare = (target, sites) => {
    if (target instanceof Error) {
      if (previous) return previous(target, sites);
      const head = Error.prototype.toString.call(target);
      return sites.length === 0 ? head : `${head}\n    at ${sites.map((s) => format(s)).join('\n    at ')}`;
    }
    // cdktf captures into a plain object, drops the first line and strips a leading "at".
    const kept: NodeJS.CallSite[] = [];
    const positions: string[] = [];
    for (const site of sites) {
      if (!isAppFile(site.getFileName())) continue;
      kept.push(site);
      positions.push(positionOf(site) ?? String(site));
      if (kept.length === CREATION_STACK_FRAMES) break;
    }
    if (kept.length === 0) return 'Error';
    const key = positions.join('\n');
    let stack = stacks.get(key);
    if (stack === undefined) {
      stack = `Error\n${kept.map((s, i) => format(s, positions[i])).join('\n')}`;
      stacks.set(key, stack);
    }
    return stack;
  };
  Error.prepareStackTrace = prepare as typeof Error.prepareStackTrace;
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous as typeof Error.prepareStackTrace;
  }
}
