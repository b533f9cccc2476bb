/**
 * The real-engine tests of the ClamAV scanner (`npm run test:clamav`): they
 * need Debian's clamav (clamscan, sigtool), which `.ci/clamav-e2e.sh` installs.
 */
const base = require('./jest.config');

module.exports = { ...base, testMatch: ['**/*.e2e.ts'], roots: ['<rootDir>/__tests__/lambda'] };
