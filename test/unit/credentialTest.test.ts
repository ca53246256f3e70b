import type { ICredentialTestFunctions } from 'n8n-workflow';

import { testWebhookSecret } from '../../lib/credentialTest';

const run = (secret: unknown) =>
	testWebhookSecret.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 't', data: { secret } as never });

describe('testWebhookSecret', () => {
	test('a set secret passes and its length is reported, not its value', async () => {
		const result = await run('abc123');
		expect(result).toEqual({ status: 'OK', message: 'The secret is set (6 characters)' });
	});

	test.each([[''], [undefined], [42]])('an empty or missing secret (%p) fails', async (secret) => {
		expect(await run(secret)).toEqual({ status: 'Error', message: 'The secret is empty' });
	});

	test.each([[' abc'], ['abc\n']])('a secret pasted with whitespace (%p) fails', async (secret) => {
		expect((await run(secret)).status).toBe('Error');
	});
});
