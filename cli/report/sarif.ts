/**
 * SARIF 2.1.0 for code scanning. Each rule carries the control's public ids in
 * properties.tags (`security-hub/S3.8`, `cis/2.1.4`, `checkov/CKV_AWS_53`) and
 * in its help text; accepted risks are suppressed results with the reason.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { ControlDefinition, Severity } from '../../controls/catalog';
import type { Finding } from '../../controls/results';
import type { ReviewResult } from '../review';
import { fixedByText, publicIds, subjectText } from './common';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** GitHub's security-severity scale: critical 9+, high 7 to 8.9, medium 4 to 6.9, low below 4. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

/** CIS ids as tags: `2.1.4 (3.1.4)` gives cis/2.1.4 and cis-v6/3.1.4; `2.1.1 (v1.4)` gives cis-v1.4/2.1.1. */
export function cisTags(id: string): string[] {
  const m = /^([\d.]+)(?: \((.+)\))?$/.exec(id.trim());
  if (!m) return [`cis/${id.replace(/\s+/g, '-')}`];
  const [, main, extra] = m;
  if (!extra) return [`cis/${main}`];
  const versionOnly = /^v([\d.]+)$/.exec(extra);
  if (versionOnly) return [`cis-v${versionOnly[1]}/${main}`];
  const versioned = /^v([\d.]+): ([\d.]+)$/.exec(extra);
  if (versioned) return [`cis/${main}`, `cis-v${versioned[1]}/${versioned[2]}`];
  return [`cis/${main}`, `cis-v6/${extra}`];
}

export function ruleTags(c: ControlDefinition): string[] {
  return [
    'security',
    's3',
    ...c.securityHub.map((id) => `security-hub/${id.split(' ')[0]}`),
    ...c.cis.flatMap(cisTags),
    ...c.checkov.map((id) => `checkov/${id}`),
    ...c.configRules.map((id) => `config-rule/${id}`),
  ];
}

function rule(c: ControlDefinition) {
  const ids = publicIds(c);
  const by = fixedByText(c);
  const text = [
    c.rationale,
    '',
    `Fix: ${c.fix}`,
    ...(by ? [`With cdktf-s3-security: ${by}.`] : []),
    ...(ids ? ['', ids] : []),
  ].join('\n');
  const markdown = [
    c.rationale,
    '',
    `**Fix:** ${c.fix}`,
    ...(by ? ['', `With cdktf-s3-security: \`${by}\`.`] : []),
    ...(ids ? ['', `Public ids: ${ids}`] : []),
    ...(c.configRules.length ? ['', `AWS Config: ${c.configRules.join(', ')}`] : []),
    ...(c.remediation.length ? ['', `Remediation runbook: ${c.remediation.join(', ')}`] : []),
  ].join('\n');
  return {
    id: c.id,
    name: c.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.title },
    fullDescription: { text: c.rationale },
    help: { text, markdown },
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: { tags: ruleTags(c), precision: 'high', 'security-severity': SECURITY_SEVERITY[c.severity] },
  };
}

const physicalLocation = (file: string, line?: number) => ({
  artifactLocation: { uri: file },
  ...(line ? { region: { startLine: line } } : {}),
});

/**
 * Where code scanning shows a result: the program line that created the
 * resource when its construct recorded a stack trace (the Terraform file is
 * then a related location), otherwise the Terraform file and line. The
 * construct path, when known, is a logical location beside the address.
 */
function resultLocations(f: Finding) {
  const loc = f.location ?? f.subject.location;
  const logicalLocations = [
    { fullyQualifiedName: f.subject.id, kind: 'resource' },
    ...(loc?.construct ? [{ fullyQualifiedName: loc.construct, kind: 'object' }] : []),
  ];
  if (loc?.source) {
    return {
      locations: [{ physicalLocation: physicalLocation(loc.source.file, loc.source.line), logicalLocations }],
      ...(loc.file
        ? {
            relatedLocations: [
              {
                id: 1,
                physicalLocation: physicalLocation(loc.file, loc.line),
                message: { text: `synthesized Terraform of ${loc.construct ?? loc.address}` },
              },
            ],
          }
        : {}),
    };
  }
  return {
    locations: [
      { ...(loc?.file ? { physicalLocation: physicalLocation(loc.file, loc.line) } : {}), logicalLocations },
    ],
  };
}

function result(f: Finding, ruleIndex: number, title: string) {
  const loc = f.location ?? f.subject.location;
  const construct = loc?.construct ? ` (construct ${loc.construct})` : '';
  const base = {
    ruleId: f.control,
    ruleIndex,
    message: { text: `${title}: ${subjectText(f)}${construct}: ${f.message}` },
    ...resultLocations(f),
    partialFingerprints: { 's3SecurityFinding/v1': `${f.control}:${f.subject.id}` },
  };
  if (f.status === 'unknown') return { ...base, kind: 'review', level: 'none' };
  const failed = { ...base, kind: 'fail', level: LEVEL[f.severity] };
  if (f.status === 'accepted') {
    return { ...failed, suppressions: [{ kind: 'inSource', justification: f.reason ?? 'accepted risk' }] };
  }
  return failed;
}

/** Renders the review as a SARIF 2.1.0 log (failures, accepted risks as suppressed, unknowns to review). */
export function renderSarif(result_: ReviewResult, version: string): string {
  const rules = result_.controls.map(rule);
  const index = new Map(result_.controls.map((c, i) => [c.id, i]));
  const results = result_.findings
    .filter((f) => f.status !== 'pass' && f.status !== 'not-applicable')
    .map((f) =>
      result(f, index.get(f.control) ?? -1, result_.controls[index.get(f.control) ?? 0]?.title ?? f.control),
    );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 's3-security',
            fullName: 'cdktf-s3-security review',
            version,
            semanticVersion: version,
            rules,
          },
        },
        automationDetails: { id: `s3-security/review/${result_.profile}/` },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
