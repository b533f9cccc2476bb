/**
 * A CloudWatch Logs JSON filter pattern evaluator for tests, for the subset the
 * CIS metric filters use: `{ <expr> }` where an expression is a comparison
 * `($.a.b = value)` / `($.a.b != value)` (value unquoted or quoted, `*` as a
 * trailing wildcard), combined with `&&` and `||` and grouped by parentheses.
 * Anything else throws.
 */
export function matchesLogFilter(record: unknown, pattern: string): boolean {
  const text = pattern.trim();
  if (!text.startsWith('{') || !text.endsWith('}'))
    throw new Error('a JSON filter pattern is wrapped in { }');
  const tokens = text.slice(1, -1).match(/\(|\)|&&|\|\||\$\.[\w.]+|!=|=|"[^"]*"|[^\s()&|=!]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} at token ${i}`);
  };
  const valueAt = (path: string): unknown =>
    path
      .slice(2)
      .split('.')
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        record,
      );
  const parseOr = (): boolean => {
    let v = parseAnd();
    while (peek() === '||') {
      next();
      v = parseAnd() || v;
    }
    return v;
  };
  const parseAnd = (): boolean => {
    let v = parseTerm();
    while (peek() === '&&') {
      next();
      v = parseTerm() && v;
    }
    return v;
  };
  const parseTerm = (): boolean => {
    expect('(');
    let v: boolean;
    if (peek()?.startsWith('$.')) {
      const field = valueAt(next());
      const op = next();
      if (op !== '=' && op !== '!=') throw new Error(`unsupported operator ${op}`);
      const raw = next();
      const want = raw.startsWith('"') ? raw.slice(1, -1) : raw;
      const eq =
        typeof field === 'string' &&
        (want.endsWith('*') ? field.startsWith(want.slice(0, -1)) : field === want);
      v = op === '=' ? eq : !eq;
    } else {
      v = parseOr();
    }
    expect(')');
    return v;
  };
  const result = parseOr();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]} at token ${i}`);
  return result;
}
