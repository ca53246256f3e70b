import { config } from '@n8n/node-cli/eslint';
import regexp from 'eslint-plugin-regexp';

/**
 * Shipped code runs in n8n's single event loop, so a regular expression that backtracks super-linearly on a
 * request value stalls every workflow (DESIGN.md revision 10). These rules analyse every regex literal and
 * every `new RegExp` with a constant pattern for ReDoS; they are errors, in their strictest settings:
 * - no-super-linear-backtracking: one match attempt that takes O(n²) or worse (`\s*(AM|PM)?\s*`),
 * - no-super-linear-move: a search that restarts at every position and rescans (`/(\r?\n)+$/`), including
 *   patterns used partially (`test`, `replace`) and sticky ones,
 * - no-dupe-disjunctions: alternatives that overlap, the classic exponential `(a|a)*`.
 * A pattern the analysis cannot see (built from variables) must not be used on request data; the code uses
 * loops and Maps there instead.
 */
const redosRules = {
	'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
	'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: false, ignorePartial: false }],
	'regexp/no-dupe-disjunctions': ['error', { report: 'all', reportExponentialBacktracking: 'potential' }],
	'regexp/no-misleading-capturing-group': ['error', { reportBacktrackingEnds: true }],
};

export default [
	...config,
	{
		files: ['nodes/**/*.ts', 'lib/**/*.ts', 'credentials/**/*.ts'],
		plugins: { regexp },
		rules: redosRules,
	},
];
