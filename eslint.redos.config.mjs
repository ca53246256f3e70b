/**
 * The configuration `npm run lint` uses: n8n's own (eslint.config.mjs, which stays n8n's unchanged template so
 * that `n8n-node lint` in strict mode accepts the package) plus ReDoS rules for shipped code.
 *
 * Shipped code runs in n8n's single event loop, so a regular expression that backtracks super-linearly on a
 * request value stalls every workflow (DESIGN.md revision 10). eslint-plugin-regexp analyses every regex literal
 * and every `new RegExp` with a constant pattern; its rules are errors here, in their strictest settings:
 * - no-super-linear-backtracking: one match attempt that takes O(n²) or worse (`\s*(AM|PM)?\s*`),
 * - no-super-linear-move: a search that restarts at every position and rescans (`/(\r?\n)+$/`), including
 *   patterns used partially (`test`, `replace`) and sticky ones,
 * - no-dupe-disjunctions: alternatives that overlap, the classic exponential `(a|a)*`,
 * - no-misleading-capturing-group: a group whose quantified end backtracks into what follows.
 * A pattern the analysis cannot see (built from variables) must not be used on request data; the code uses
 * loops and Maps there instead. test/unit/redosLint.test.ts proves the rules fire.
 */
import regexp from 'eslint-plugin-regexp';

import n8nConfig from './eslint.config.mjs';

export const redosRules = {
	'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
	'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: false, ignorePartial: false }],
	'regexp/no-dupe-disjunctions': ['error', { report: 'all', reportExponentialBacktracking: 'potential' }],
	'regexp/no-misleading-capturing-group': ['error', { reportBacktrackingEnds: true }],
};

export default [
	...n8nConfig,
	{
		files: ['nodes/**/*.ts', 'lib/**/*.ts', 'credentials/**/*.ts'],
		plugins: { regexp },
		rules: redosRules,
	},
];
