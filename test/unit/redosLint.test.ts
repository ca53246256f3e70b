/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: n8n's rules for node code */
/**
 * The lint rules that keep shipped code free of super-linear regular expressions (DESIGN.md revision 10) are
 * really on: ESLint, with the configuration `npm run lint` uses (eslint.redos.config.mjs: n8n's own plus the
 * ReDoS rules), reports each pattern of a fixture that lives outside the linted folders (test/fixtures/lint)
 * when it is linted as if it sat in lib/, nodes/ or credentials/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/lint/superLinearRegex.ts');
const REDOS_RULES = ['regexp/no-super-linear-backtracking', 'regexp/no-super-linear-move', 'regexp/no-dupe-disjunctions'];
const AS_SHIPPED = ['lib/redosFixture.ts', 'nodes/CallTrackingMetricsTrigger/redosFixture.ts', 'credentials/redosFixture.ts'];
const AS_IS = 'test/fixtures/lint/superLinearRegex.ts';

interface LintMessage {
	ruleId: string | null;
	line: number;
	severity: number;
}

/**
 * ESLint's Node API in a child Node process (the project's config is an ES module, which ESLint loads with a
 * dynamic import that Jest's module sandbox refuses). Lints the fixture's text under each of the given paths.
 */
const LINT_TEXT = `
const { ESLint } = require('eslint');
const [cwd, fixture, ...paths] = process.argv.slice(1);
const text = require('fs').readFileSync(fixture, 'utf8');
const eslint = new ESLint({ cwd, overrideConfigFile: 'eslint.redos.config.mjs' });
Promise.all(paths.map((filePath) => eslint.lintText(text, { filePath }).then(([result]) => result.messages)))
	.then((all) => process.stdout.write(JSON.stringify(all)));
`;

function lintAs(paths: string[]): Record<string, LintMessage[]> {
	const output = execFileSync(process.execPath, ['-e', LINT_TEXT, ROOT, FIXTURE, ...paths.map((p) => join(ROOT, p))], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	const all = JSON.parse(output) as LintMessage[][];
	return Object.fromEntries(paths.map((path, i) => [path, all[i].filter((m) => m.ruleId !== null && REDOS_RULES.includes(m.ruleId))]));
}

const lineOf = (name: string) => readFileSync(FIXTURE, 'utf8').split('\n').findIndex((line) => line.includes(`const ${name} `)) + 1;

describe('lint: no super-linear regular expressions in shipped code', () => {
	let results: Record<string, LintMessage[]>;
	beforeAll(() => {
		results = lintAs([...AS_SHIPPED, AS_IS]);
	}, 90_000);

	test.each(AS_SHIPPED)('every super-linear pattern of the fixture is an error when it sits in %s', (path) => {
		const errorLines = new Set(results[path].filter((m) => m.severity === 2).map((m) => m.line));
		for (const name of ['trimTrailingNewlines', 'timeOfDay', 'namedNumber', 'overlapping']) {
			expect(lineOf(name)).toBeGreaterThan(0);
			expect({ name, reported: errorLines.has(lineOf(name)) }).toEqual({ name, reported: true });
		}
		expect(results[path].every((m) => m.severity === 2)).toBe(true);
	});

	test('the fixture folder itself is neither linted nor shipped; npm run lint uses this configuration', () => {
		expect(results[AS_IS]).toEqual([]);
		const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; scripts: { lint: string } };
		expect(pkg.files).toEqual(['dist']);
		const lint = pkg.scripts.lint.split(' ');
		expect(lint).not.toContain('test');
		expect(lint.slice(0, 3)).toEqual(['eslint', '--config', 'eslint.redos.config.mjs']);
		expect(lint).toEqual(expect.arrayContaining(['nodes', 'lib', 'credentials', '--max-warnings', '0']));
	});
});
