/** Small helpers to write Terraform expressions and names. */

/** `accessLogs` -> `access_logs`, `blockSseC` -> `block_sse_c`, `this/PublicAccessBlock` -> `this_public_access_block`. */
export function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** A Terraform string literal (HCL quoting, with `${` and `%{` escaped so nothing is interpolated). */
export function hclString(text: string): string {
  return JSON.stringify(text).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** Wraps an expression for a Terraform JSON value: `${<expression>}`. */
export function expr(expression: string): string {
  return '${' + expression + '}';
}

/** The expression inside `${...}` when the text is exactly one interpolation; undefined otherwise. */
export function unwrap(text: string): string | undefined {
  if (!text.startsWith('${') || !text.endsWith('}')) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') {
      depth--;
      if (depth === 0 && i !== text.length - 1) return undefined;
    }
  }
  return text.slice(2, -1);
}
