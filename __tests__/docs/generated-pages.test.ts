import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  COVERAGE_PAGE,
  MODULE_PACKAGES,
  REVIEW_PAGE,
  ROOT,
  coveragePage,
  moduleDeclarations,
  reviewPage,
} from '../../scripts/docs';
import { S3_MANAGED_RULES } from '../../modules/config-compliance';

describe('generated help pages (npm run docs:coverage)', () => {
  it('help/coverage.md is up to date with the catalog and the module declarations', () => {
    expect(readFileSync(COVERAGE_PAGE, 'utf8')).toBe(coveragePage());
  });

  it("help/review.md's control table is up to date with the catalog", () => {
    const current = readFileSync(REVIEW_PAGE, 'utf8');
    expect(current).toBe(reviewPage(current));
  });

  it('reads the declarations of every module folder', () => {
    const folders = readdirSync(join(ROOT, 'modules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(Object.keys(MODULE_PACKAGES).sort()).toEqual(folders.sort());
  });

  it('shows the module and prop that deploy a Config rule or a runbook, and keeps guardrails apart from prevention', () => {
    const page = coveragePage();
    expect(page).toMatch(
      /`S3_BUCKET_VERSIONING_ENABLED` by `S3ComplianceRules.packs\[resilience\]` \(default\)/,
    );
    expect(page).toMatch(
      /`AWS-ConfigureS3BucketVersioning` by `S3AutoRemediation.runbooks\[versioning\]` \(default\)/,
    );
    expect(page).toMatch(
      /\| `macie-enabled` Amazon Macie is enabled\s+\| medium\s+\| `MacieAccount.enabled` \(default\), `OrganizationGuardrails.protectMacie` \(keeps it, default\)/,
    );
    expect(page).toMatch(
      /\| `s3-replication` Objects are replicated to another bucket\s+\| low\s+\| `BucketReplication.destination` \(default\)/,
    );
    expect(page).toMatch(
      /\| `s3-access-point-public-access-block` [^|]+\| critical\s+\| `SecureAccessPoint.publicAccessBlock \(always on\)` \(default\), `SecureMultiRegionAccessPoint/,
    );
    expect(page).toMatch(/- Not prevented by a module yet: none\./);
  });

  it('says what the AWS Config rule documentation leaves open, such as EventBridge-only notifications', () => {
    const page = coveragePage();
    const caveats = S3_MANAGED_RULES.filter((r) => r.caveat);
    expect(caveats.map((r) => r.identifier)).toContain('S3_EVENT_NOTIFICATIONS_ENABLED');
    for (const r of caveats) expect(page.replace(/\s+/g, ' ')).toContain(`\`${r.identifier}\``);
    expect(page.replace(/\s+/g, ' ')).toContain(
      'it does not say whether a bucket whose only notification is Amazon EventBridge',
    );
  });

  it('shows a module that declares nothing as a gap, and a declared one as the prevention', () => {
    const page = coveragePage([]);
    expect(page).toMatch(/\| `s3-versioning` Versioning is enabled\s+\| low\s+\| \*\*gap\*\*/);
    const declared = coveragePage(moduleDeclarations());
    expect(declared).toMatch(
      /\| `s3-versioning` Versioning is enabled\s+\| low\s+\| `SecureBucket.versioning` \(default\)/,
    );
  });
});
