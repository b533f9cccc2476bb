import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROLS, ControlFix, controlById, isControlId } from '../../controls/catalog';
import { ACCOUNT_JUDGES, BUCKET_JUDGES } from '../../controls/judges';
import { SECURE_BUCKET_OPT_OUTS, controlsOfOptOutSetting } from '../../controls/opt-outs';
import { moduleDeclarations } from '../../scripts/docs';

describe('the control catalog', () => {
  it('has unique ids, each with a judge of its scope', () => {
    const ids = CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CONTROLS) {
      const judges = c.scope === 'bucket' ? BUCKET_JUDGES : ACCOUNT_JUDGES;
      expect([c.id, typeof judges[c.id]]).toEqual([c.id, 'function']);
    }
    expect(Object.keys(BUCKET_JUDGES).length + Object.keys(ACCOUNT_JUDGES).length).toBe(CONTROLS.length);
  });

  it('gives every control a rationale and a fix that names a Terraform resource or argument', () => {
    for (const c of CONTROLS) {
      expect([c.id, c.rationale.length > 40, /\b[a-z0-9]+_[a-z0-9_]+\b/.test(c.fix)]).toEqual([
        c.id,
        true,
        true,
      ]);
    }
  });

  it('names in fixedBy exactly what the modules declare to prevent or keep', () => {
    const declared = moduleDeclarations()
      .filter((d) => d.role === 'prevents' || d.role === 'keeps')
      .flatMap((d) => d.controls.map((e) => `${e.control} ${d.module}.${e.prop} ${d.role}`));
    const catalog = CONTROLS.flatMap((c) =>
      c.fixedBy.map((f: ControlFix) => `${c.id} ${f.module}.${f.prop} ${f.keeps ? 'keeps' : 'prevents'}`),
    );
    expect(declared.sort()).toEqual(catalog.sort());
    expect(new Set(moduleDeclarations().map((d) => d.module))).toEqual(
      new Set([
        'AccountPublicAccessBlock',
        'BucketReplication',
        'ClamAvScanner',
        'ClassificationJob',
        'ConfigRecorder',
        'DiscoveryResultsExport',
        'GuardDutyMalwareProtection',
        'MacieAccount',
        'OrganizationGuardrails',
        'S3AutoRemediation',
        'S3ComplianceRules',
        'S3DataEventsTrail',
        'SecureAccessPoint',
        'SecureBucket',
        'SecureMultiRegionAccessPoint',
        'SecurityAlerts',
      ]),
    );
  });

  it('lists every Config rule and runbook a module deploys under the control it is declared for', () => {
    const deployed = (role: 'detects' | 'repairs') =>
      moduleDeclarations()
        .filter((d) => d.role === role)
        .flatMap((d) => d.controls);
    const detects = deployed('detects');
    const repairs = deployed('repairs');
    expect(detects.length).toBeGreaterThan(20);
    expect(repairs.length).toBe(5);
    for (const e of detects) {
      expect([e.control, e.via]).toEqual([e.control, expect.any(String)]);
      expect(controlById(e.control).configRules).toContain(e.via);
    }
    for (const e of repairs) expect(controlById(e.control).remediation).toContain(e.via);
  });

  it('maps every opt-out setting to catalog controls', () => {
    for (const controls of Object.values(SECURE_BUCKET_OPT_OUTS))
      for (const id of controls) expect(isControlId(id)).toBe(true);
    expect(controlsOfOptOutSetting('blockPublicAccess.blockPublicPolicy+restrictPublicBuckets')).toEqual([
      's3-bucket-public-access-block',
    ]);
    expect(controlsOfOptOutSetting('somethingElse')).toEqual([]);
    expect(controlById('s3-tls-only').securityHub).toEqual(['S3.5']);
  });

  it('maps only checkov checks that judge the same thing, each reviewed in help/review.md', () => {
    // CKV_AWS_93 is about Deny statements that lock all but the root user out, not about wildcard Allows.
    expect(controlById('s3-no-wildcard-principal').checkov).toEqual(['CKV_AWS_70']);
    expect(CONTROLS.flatMap((c) => c.checkov)).not.toContain('CKV_AWS_300');
    const page = readFileSync(join(__dirname, '..', '..', 'help', 'review.md'), 'utf8');
    const section = page.slice(page.indexOf('## Mapped checkov checks'));
    const reviewed = section
      .split('\n')
      .filter((l) => /^\| CKV/.test(l))
      .flatMap((l) =>
        l
          .split('|')[1]
          .split(',')
          .map((id) => id.trim()),
      );
    // A new mapping needs a row there: what the check tests and where the review differs.
    expect(reviewed.sort()).toEqual([...new Set(CONTROLS.flatMap((c) => c.checkov))].sort());
  });
});
