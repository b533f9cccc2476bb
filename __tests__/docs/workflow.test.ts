/** The example GitHub workflow: pinned actions, the deployed configuration, its own comments, a baseline on push. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const text = readFileSync(
  join(__dirname, '..', '..', '.github', 'workflows', 's3-security-review.yml'),
  'utf8',
);
const lines = text.split('\n');

describe('the example workflow', () => {
  it('pins every action to a full commit SHA, with its release tag as a comment', () => {
    const uses = lines.filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(uses.length).toBeGreaterThanOrEqual(9);
    for (const u of uses) expect(u).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('reviews the configuration the repository deploys, on pull requests and on pushes to the default branch', () => {
    expect(text).toMatch(/^ {2}S3_SECURITY_CONFIG: \$\{\{ vars\.S3_SECURITY_CONFIG \}\}$/m);
    expect(text).toMatch(/^on:\n {2}pull_request:\n {2}push:\n {4}branches: \[main\]/m);
  });

  it('asks for the permissions a private repository needs', () => {
    const permissions = text.slice(text.indexOf('\npermissions:'), text.indexOf('\nenv:'));
    for (const p of ['contents: read', 'actions: read', 'pull-requests: write', 'security-events: write'])
      expect(permissions).toContain(p);
  });

  it("edits only its own comments (found by a marker), never another job's last comment", () => {
    expect(text).not.toContain('--edit-last');
    expect(text).toContain("marker='<!-- s3-security-review:config -->'");
    expect(text).toContain("marker='<!-- s3-security-review:plan -->'");
  });

  it('records stack traces for source locations and tells code scanning where the checkout is', () => {
    expect(text).toMatch(/S3_SECURITY_STACK_TRACES: '1'\n\s+run: npm ci && npm run synth/);
    expect(text).toMatch(/sarif_file: review\.sarif\n\s+checkout_path: head/);
  });
});
