/**
 * Reading text files that people hand to the project (a configuration file, a
 * review input) with errors a person can act on: one short line, with the line
 * and column of a JSON syntax error, and never the file's content echoed back.
 * Pure functions: the command line and the default app share them.
 */

/** The bytes as UTF-8 text; undefined for a binary file (NUL bytes) or one that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

/** Offset of the first JSON syntax error in the text, or -1 when it is valid JSON. Iterative: any depth. */
export function jsonErrorOffset(t: string): number {
  let i = 0;
  const stack: string[] = [];
  let expect: 'value' | 'key' | 'after' = 'value';
  const ws = () => {
    while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
  };
  const string = (): boolean => {
    i++;
    while (i < t.length) {
      const c = t[i];
      if (c === '"') {
        i++;
        return true;
      }
      if (c < ' ') return false;
      if (c === '\\') {
        const e = t[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.includes(e)) return false;
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  for (;;) {
    ws();
    const c = t[i];
    if (expect === 'value') {
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        ws();
        if (t[i] === (c === '{' ? '}' : ']')) {
          i++;
          stack.pop();
          expect = 'after';
        } else expect = c === '{' ? 'key' : 'value';
        continue;
      }
      if (c === '"') {
        if (!string()) return i;
        expect = 'after';
        continue;
      }
      NUMBER.lastIndex = i;
      const n = NUMBER.exec(t);
      const literal = ['true', 'false', 'null'].find((l) => t.startsWith(l, i));
      if (n) i += n[0].length;
      else if (literal) i += literal.length;
      else return i;
      expect = 'after';
      continue;
    }
    if (expect === 'key') {
      if (c !== '"' || !string()) return i;
      ws();
      if (t[i] !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < t.length ? i : -1;
    if (c === ',') {
      i++;
      expect = top === '{' ? 'key' : 'value';
    } else if (c === (top === '{' ? '}' : ']')) {
      i++;
      stack.pop();
    } else return i;
  }
}

/**
 * JSON.parse's error as one short line with the line and column:
 * `line 3, column 1: expected double-quoted property name`. The message never
 * quotes the input (V8's "Unexpected token" does, which for a binary file is
 * unreadable).
 */
export function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const token = /^Unexpected token '(.{1,4})'/u.exec(message);
  const reason = token
    ? `unexpected ${JSON.stringify(token[1])}`
    : /^Unexpected end of JSON input/.test(message)
      ? 'unexpected end of input'
      : message
          .replace(/ in JSON at position \d+.*$/s, '')
          .replace(/ after JSON at position \d+.*$/s, ' after the JSON value')
          .replace(/^./, (ch) => ch.toLowerCase())
          .slice(0, 120);
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : jsonErrorOffset(text);
  if (offset < 0) return reason;
  const { line, column } = lineAndColumn(text, Math.min(offset, text.length));
  return `line ${line}, column ${column}: ${reason}`;
}
