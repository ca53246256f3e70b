#!/usr/bin/env node
/**
 * n8n's verification scan (@n8n/scan-community-package) on this repository and on a packed tarball, before
 * anything is published. The scanner's own entry point (`analyzePackageByName`) downloads a published version
 * from npm, checks its npm provenance and lints two things with its ESLint config: the source the provenance
 * points at (package.json, nodes/, credentials/) and the unpacked tarball (every .js and package.json). This
 * script lints the same two things with the scanner's exported config and file patterns (scanner/scanner.mjs:
 * `buildScanConfig`, `SOURCE_FILE_PATTERNS`, the ESLint options of `analyzePackage`), and also the TypeScript
 * of lib/, which the scanner only sees compiled. Warnings count as findings too (`analyzePackage` passes them).
 * Provenance itself exists only once the publish workflow has run: see docs/RELEASING.md for that check.
 * Then it checks the tarball's manifest for what verification reviews by hand.
 *
 * Usage: node scripts/scan-package.mjs <unpacked tarball dir>. Exits 1 on any finding.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const { buildScanConfig, SOURCE_FILE_PATTERNS } = await import(scannerFile);
// The ESLint and glob the scanner itself resolves, so a version difference cannot change the verdict.
const fromScanner = createRequire(scannerFile);
const { ESLint } = fromScanner('eslint');
const glob = fromScanner('fast-glob');

const packageDir = process.argv[2];
if (!packageDir || !existsSync(join(packageDir, 'package.json'))) {
	console.error('Usage: node scripts/scan-package.mjs <unpacked tarball dir>');
	process.exit(2);
}

/** As the scanner's analyzePackage does it (same options, same ignores), returning every message. */
async function lint(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const formatter = await eslint.loadFormatter('stylish');
	const problems = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
	return { files: files.length, problems, report: await formatter.format(results) };
}

const findings = [];
const legs = [
	['source (package.json, nodes/, credentials/)', REPO_DIR, SOURCE_FILE_PATTERNS],
	['source of lib/ (the scanner sees it only compiled)', REPO_DIR, ['lib/**/*.ts']],
	['tarball (.js and package.json)', packageDir, ['**/*.js', 'package.json']],
];
for (const [name, dir, patterns] of legs) {
	const result = await lint(dir, patterns);
	if (result.files === 0) findings.push(`${name}: no files found`);
	if (result.problems > 0) findings.push(`${name}: ${result.problems} finding(s)\n${result.report}`);
	console.log(`scanner ${name}: ${result.files} files, ${result.problems} findings`);
}

// What n8n's reviewers check by hand ("package source verification") and what npm's provenance needs.
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const inTarball = (file) => existsSync(join(packageDir, file));
const repo = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)\.git$/.exec(manifest.repository?.url ?? '')?.[1];
const check = (ok, message) => ok || findings.push(`package.json: ${message}`);
check(repo, `repository.url must be git+https://github.com/<owner>/<repo>.git (npm provenance compares it with the publishing repository), got ${manifest.repository?.url}`);
check(manifest.homepage === `https://github.com/${repo}#readme`, `homepage must be https://github.com/${repo}#readme`);
check(manifest.bugs?.url === `https://github.com/${repo}/issues`, `bugs.url must be https://github.com/${repo}/issues`);
check(manifest.author?.name && manifest.author?.email, 'author needs a name and an email (the npm maintainer)');
check(manifest.license === 'MIT' && inTarball('LICENSE'), 'license must be MIT with a LICENSE file in the package');
check(inTarball('README.md'), 'README.md must be in the package');
check(manifest.main === undefined || inTarball(manifest.main), `main names ${manifest.main}, which is not in the package`);
check(Object.keys(manifest.dependencies ?? {}).length === 0, 'no runtime dependencies allowed');
check(manifest.publishConfig?.provenance === true, 'publishConfig.provenance must be true (npm refuses a publish without provenance)');
for (const file of [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])]) {
	check(inTarball(file), `n8n registers ${file}, which is not in the package`);
}

if (findings.length > 0) {
	console.error(`\n${findings.length} finding(s):\n${findings.join('\n')}`);
	process.exit(1);
}
console.log(`${manifest.name}@${manifest.version}: the scanner's checks and the manifest checks pass`);
