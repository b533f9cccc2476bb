/**
 * Builds the ClamAV scanner Lambda bundle into dist/lambda-bundles/clamav-scanner
 * (run by `npm run build`), so the published package synthesizes the scanner
 * without esbuild or the AWS SDK.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleScanner } from '../modules/malware-protection/bundle';

const out = join(__dirname, '..', 'dist', 'lambda-bundles', 'clamav-scanner');
mkdirSync(out, { recursive: true });
bundleScanner(join(out, 'index.js'));
console.log(`bundled the ClamAV scanner into ${out}/index.js`);
