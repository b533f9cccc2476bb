import { readFileSync } from 'node:fs';
import { COVERAGE_PAGE, REVIEW_PAGE, coveragePage, moduleDeclarations, reviewPage } from '../../scripts/docs';

describe('generated help pages (npm run docs:coverage)', () => {
  it('help/coverage.md is up to date with the catalog and the module declarations', () => {
    expect(readFileSync(COVERAGE_PAGE, 'utf8')).toBe(coveragePage());
  });

  it("help/review.md's control table is up to date with the catalog", () => {
    const current = readFileSync(REVIEW_PAGE, 'utf8');
    expect(current).toBe(reviewPage(current));
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
