import { ControlDefinition, controlById } from '../../controls/catalog';
import type { Finding } from '../../controls/results';

/** Public ids of a control in one line: `Security Hub S3.8 · CIS 2.1.4 (3.1.4) · checkov CKV_AWS_53`. */
export function publicIds(c: ControlDefinition, withCheckov = true): string {
  const parts: string[] = [];
  if (c.securityHub.length) parts.push(`Security Hub ${c.securityHub.join(', ')}`);
  if (c.cis.length) parts.push(`CIS ${c.cis.join(', ')}`);
  if (withCheckov && c.checkov.length) parts.push(`checkov ${c.checkov.join(', ')}`);
  return parts.join(' · ');
}

/** Where the project's own modules fix it: `SecureBucket.versioning`. */
export function fixedByText(c: ControlDefinition): string {
  return c.fixedBy.map((f) => `${f.module}.${f.prop}`).join(', ');
}

/** The subject of a finding as a reader would name it. */
export function subjectText(f: Finding): string {
  const { subject } = f;
  if (subject.kind === 'bucket' && subject.name) return `${subject.id} (${subject.name})`;
  return subject.id;
}

/** Controls that have at least one of the findings, in catalog order. */
export function controlsOf(findings: readonly Finding[]): ControlDefinition[] {
  const ids = new Set(findings.map((f) => f.control));
  return [...ids].map((id) => controlById(id)).filter((c): c is ControlDefinition => c !== undefined);
}

/**
 * Where a finding is, as `file:line` (or the file alone): the program source
 * that created the resource when its construct's stack trace was recorded,
 * otherwise the Terraform file. Empty when no file is known.
 */
export function locationText(f: Finding): string {
  const l = f.location ?? f.subject.location;
  if (l?.source) return `${l.source.file}:${l.source.line}`;
  if (!l?.file) return '';
  return l.line ? `${l.file}:${l.line}` : l.file;
}
