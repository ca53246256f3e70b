import { z } from 'zod';

import { fieldProblem } from '../../lib/requestFields';

const problem = (schema: z.ZodTypeAny, body: unknown) => {
	const result = schema.safeParse(body);
	if (result.success) throw new Error('expected a failure');
	return fieldProblem(result.error, body);
};

describe('fieldProblem: one short message naming the field, never the value', () => {
	const schema = z.object({
		name: z.string().min(1),
		urls: z.array(z.string()),
		meta: z.object({ id: z.number() }),
		id: z.union([z.number(), z.string().min(1)]),
		count: z.number().min(1),
		email: z.string().email(),
	});
	const ok = { name: 'a', urls: [], meta: { id: 1 }, id: 1, count: 1, email: 'a@b.example' };

	test.each([
		[{ ...ok, name: undefined }, 'Missing field "name"'],
		[{ ...ok, name: null }, 'Missing field "name"'],
		[{ ...ok, name: '' }, 'Field "name" must not be empty'],
		[{ ...ok, urls: 'x' }, 'Field "urls" must be an array'],
		[{ ...ok, urls: [1] }, 'Field "urls.0" must be a string'],
		[{ ...ok, meta: 'x' }, 'Field "meta" must be an object'],
		[{ ...ok, meta: {} }, 'Missing field "meta.id"'],
		[{ ...ok, id: true }, 'Field "id" has the wrong type'],
		[{ ...ok, count: 0 }, 'Field "count" must be at least 1'],
		[{ ...ok, email: 'secret-value' }, 'Field "email" is invalid'],
	])('%p', (body, message) => {
		expect(problem(schema, body)).toBe(message);
		expect(problem(schema, body)).not.toContain('secret-value');
	});

	test.each([[null], [[]], ['text'], [3]])('a body that is not an object (%p)', (body) => {
		expect(problem(schema, body)).toBe('The body must be a JSON object');
	});
});
