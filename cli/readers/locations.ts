/**
 * Line numbers for findings, found by scanning the source text once per file,
 * on the first line asked for (and not at all when lines are turned off).
 */
import type { SourceLocation } from '../../controls/posture';

type Finder = (text: string) => (keys: readonly string[]) => number | undefined;

class LineIndex {
  private finder?: (keys: readonly string[]) => number | undefined;
  /** The last offset asked for and its line: resources are mostly asked for in file order. */
  private offset = 0;
  private line = 1;
  /** Offsets of every newline, made on the first step backwards. */
  private newlines?: number[];

  constructor(
    private readonly text: string,
    private readonly find: Finder,
  ) {}

  public lineOf(keys: readonly string[]): number | undefined {
    this.finder ??= this.find(this.text);
    const offset = this.finder(keys);
    if (offset === undefined) return undefined;
    if (offset < this.offset) return this.lineByIndex(offset);
    // Counts the newlines between the previous offset and this one.
    const { text } = this;
    for (let i = text.indexOf('\n', this.offset); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      this.line++;
    }
    this.offset = offset;
    return this.line;
  }

  private lineByIndex(offset: number): number {
    if (!this.newlines) {
      this.newlines = [];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.newlines.push(i);
    }
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}

/** Terraform JSON: the first `"<name>": {` after the first `"<type>": {`. */
const jsonFinder: Finder = (text) => {
  const keys = new Map<string, number[]>();
  const re = /"([^"\\\n]{1,256})"\s*:\s*[{[]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const list = keys.get(m[1]);
    if (list) list.push(m.index);
    else keys.set(m[1], [m.index]);
  }
  return ([type, name]) => {
    const t = keys.get(type)?.[0];
    if (t === undefined) return undefined;
    return keys.get(name)?.find((o) => o > t);
  };
};

/** HCL: `resource "<type>" "<name>"` or `data "<type>" "<name>"`. */
const hclFinder: Finder = (text) => {
  const blocks = new Map<string, number>();
  const re = /^[ \t]*(resource|data)[ \t]+"([^"\n]+)"[ \t]+"([^"\n]+)"/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const key = `${m[1]}.${m[2]}.${m[3]}`;
    if (!blocks.has(key)) blocks.set(key, m.index);
  }
  return ([mode, type, name]) => blocks.get(`${mode}.${type}.${name}`);
};

/** Plan or state JSON: the first `"address": "<address>"`. */
const planFinder: Finder = (text) => {
  const addresses = new Map<string, number>();
  const re = /"address"\s*:\s*"((?:[^"\\\n]|\\.)*)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let address = m[1];
    try {
      address = JSON.parse(`"${m[1]}"`) as string;
    } catch {
      // keep the escaped form
    }
    if (!addresses.has(address)) addresses.set(address, m.index);
  }
  return ([address]) => addresses.get(address);
};

export type SourceKind = 'json' | 'hcl' | 'plan';

const FINDERS: Record<SourceKind, Finder> = { json: jsonFinder, hcl: hclFinder, plan: planFinder };

/**
 * Makes source locations for one file. With `lines` off the text is never
 * scanned; otherwise it is scanned once, on the first location asked for.
 */
export function locator(file: string, text: string | undefined, kind: SourceKind, lines = true) {
  const index = text === undefined || !lines ? undefined : new LineIndex(text, FINDERS[kind]);
  return (address: string, keys: readonly string[]): SourceLocation => {
    const line = index?.lineOf(keys);
    return line === undefined ? { address, file } : { address, file, line };
  };
}
