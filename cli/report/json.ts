/** The machine-readable report: every finding with its control's public ids. */
import type { ReviewResult } from '../review';
import { summarize } from '../review';

/** Version of the JSON report layout; raised when a field changes meaning. */
export const JSON_REPORT_VERSION = 1;

export function renderJson(result: ReviewResult, version: string): string {
  const report = {
    reportVersion: JSON_REPORT_VERSION,
    tool: { name: 's3-security', version },
    inputs: result.inputs,
    base: result.base,
    profile: result.profile,
    summary: summarize(result.findings),
    controls: result.controls.map((c) => ({
      id: c.id,
      title: c.title,
      severity: c.severity,
      securityHub: c.securityHub,
      cis: c.cis,
      configRules: c.configRules,
      checkov: c.checkov,
      fix: c.fix,
    })),
    findings: result.findings,
    comparison: result.comparison,
    notes: result.notes,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
