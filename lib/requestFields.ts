import type { ZodError } from 'zod';

/**
 * Turns a failed validation of a webhook body into one short message that names the field, for a 400 answer:
 * `Missing field "toNumber"`, `Field "duration" must be a number`. Values are never echoed.
 */
export function fieldProblem(error: ZodError, body: unknown): string {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON object';
	const issue = error.issues[0];
	if (!issue) return 'Invalid body';
	const field = issue.path.map(String).join('.');
	const value = issue.path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
	if (value === undefined || value === null) return `Missing field "${field}"`;
	if (issue.code === 'invalid_type') return `Field "${field}" must be ${article(issue.expected)}`;
	if (issue.code === 'too_small' && issue.type === 'string') return `Field "${field}" must not be empty`;
	if (issue.code === 'too_small' && issue.type === 'number') return `Field "${field}" must be at least ${issue.minimum}`;
	if (issue.code === 'invalid_union') return `Field "${field}" has the wrong type`;
	return `Field "${field}" is invalid`;
}

function article(expected: string): string {
	if (expected === 'array') return 'an array';
	if (expected === 'object') return 'an object';
	return `a ${expected}`;
}
