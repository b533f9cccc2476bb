/**
 * HCL support through @cdktf/hcl2json (HashiCorp's HCL parser compiled to
 * WebAssembly). Loaded on first use only: JSON inputs never pay for it.
 */
import { InputError, MAX_DEPTH, interpolations } from './raw';

type Hcl2Json = typeof import('@cdktf/hcl2json');
interface AstNode {
  readonly type: string;
  readonly meta?: Record<string, unknown>;
  readonly range: { readonly start: { readonly byte: number }; readonly end: { readonly byte: number } };
  readonly children?: readonly AstNode[];
}

let bridge: Promise<Hcl2Json> | undefined;

function hcl2json(): Promise<Hcl2Json> {
  bridge ??= import('@cdktf/hcl2json');
  return bridge;
}

/** Parses one HCL file into Terraform's JSON shape (every block a list). */
export async function parseHcl(file: string, text: string): Promise<unknown> {
  const { parse } = await hcl2json();
  try {
    return await parse(file, text);
  } catch (e) {
    throw new InputError(
      `${file}: not valid HCL: ${firstDiagnostic(e instanceof Error ? e.message : String(e))}`,
    );
  }
}

/**
 * The first of the parser's diagnostics, short: a binary file gives one per
 * byte (megabytes of "Invalid character"), so the rest are only counted.
 */
function firstDiagnostic(message: string): string {
  const body = message
    .split('\n')[0]
    .replace(/^parse config: \[/, '')
    .replace(/\]$/, '');
  const parts = body.split(/ (?=[^\s:]+:\d+,\d+-\d+: )/);
  const first = parts[0].length > 200 ? `${parts[0].slice(0, 199)}…` : parts[0];
  return parts.length > 1 ? `${first} (and ${parts.length - 1} more)` : first;
}

const JSONENCODE = /^\$\{\s*jsonencode\s*\(/;

/** True for a `${jsonencode(...)}` argument that {@link evaluateJsonencode} can turn into a value. */
export function isJsonencode(value: unknown): value is string {
  return typeof value === 'string' && JSONENCODE.test(value) && value.trimEnd().endsWith('}');
}

/**
 * Evaluates `${jsonencode({...})}` into the JSON value it renders, keeping
 * references and other expressions as `${...}` strings. Undefined when the
 * expression does not parse.
 */
export async function evaluateJsonencode(value: string): Promise<unknown> {
  const parts = interpolations(value.trim());
  if (parts.length !== 1) return undefined;
  const body = parts[0];
  const { getExpressionAst } = await hcl2json();
  let ast: AstNode | null;
  try {
    ast = (await getExpressionAst('policy.tf', body)) as AstNode | null;
  } catch {
    return undefined;
  }
  if (!ast || ast.type !== 'function' || ast.meta?.name !== 'jsonencode' || !ast.children?.length)
    return undefined;
  const bytes = Buffer.from(body, 'utf8');
  const source = (n: AstNode) => bytes.subarray(n.range.start.byte, n.range.end.byte).toString('utf8');
  try {
    return evaluate(ast.children[0], source, 0);
  } catch {
    return undefined;
  }
}

function evaluate(node: AstNode, source: (n: AstNode) => string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new RangeError('nesting');
  const children = node.children ?? [];
  switch (node.type) {
    case 'literalValue': {
      const v = String(node.meta?.value ?? '');
      if (node.meta?.type === 'number') return Number(v);
      if (node.meta?.type === 'bool') return v === 'true';
      if (node.meta?.type === 'dynamic' && v === 'null') return null;
      return v;
    }
    case 'template':
      return children
        .map((c) =>
          c.type === 'literalValue' ? String(c.meta?.value ?? '') : `\${${expressionText(c, source)}}`,
        )
        .join('');
    case 'tuple':
      return children.map((c) => evaluate(c, source, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i + 1 < children.length; i += 2) {
        out[keyOf(children[i], source, depth)] = evaluate(children[i + 1], source, depth + 1);
      }
      return out;
    }
    case 'unaryOp': {
      const inner = children[0] ? evaluate(children[0], source, depth + 1) : undefined;
      return node.meta?.operator === 'negate' && typeof inner === 'number' ? -inner : `\${${source(node)}}`;
    }
    default:
      return `\${${expressionText(node, source)}}`;
  }
}

function expressionText(node: AstNode, source: (n: AstNode) => string): string {
  const text = node.meta?.value;
  return typeof text === 'string' && node.type !== 'template' ? text : source(node);
}

function keyOf(node: AstNode, source: (n: AstNode) => string, depth: number): string {
  const child = node.children?.[0];
  if (!child) return source(node);
  if (child.type === 'template') return String(evaluate(child, source, depth + 1));
  return `\${${source(node)}}`;
}
