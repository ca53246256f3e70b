/** AutoID's two ways to authenticate (its advanced-settings headers, or basic auth) and the credential test. */
import type { ICredentialTestFunctions } from 'n8n-workflow';

import {
	authenticate,
	configuredHeaders,
	describeCredentialProblem,
	secretHeaderNames,
	testAutoIdCredential,
	type AutoIdCredential,
} from '../../nodes/AutoIdTrigger/autoIdAuth';
import { AutoIdWebhookApi } from '../../credentials/AutoIdWebhookApi.credentials';

const headerCredential: AutoIdCredential = {
	authentication: 'headerAuth',
	headers: { values: [{ name: 'X-AutoID-Token', value: 'tok-123' }, { name: ' X-Dealer ', value: 'acme' }] },
};
const basicCredential: AutoIdCredential = { authentication: 'basicAuth', user: 'autoid', password: 'pa:ss word' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('header auth (the headers of AutoID\'s advanced settings)', () => {
	test('passes when every configured header has its value (names in any case, as Node lower-cases them)', () => {
		expect(authenticate({ 'x-autoid-token': 'tok-123', 'x-dealer': 'acme', 'content-type': 'application/json' }, headerCredential)).toBeUndefined();
	});

	test('a missing header is 401 and names the header, a wrong value 403 without echoing it', () => {
		expect(authenticate({ 'x-autoid-token': 'tok-123' }, headerCredential)).toEqual({ statusCode: 401, message: 'Authentication required' });
		const wrong = authenticate({ 'x-autoid-token': 'tok-999', 'x-dealer': 'acme' }, headerCredential);
		expect(wrong).toEqual({ statusCode: 403, message: 'Authentication failed' });
		expect(JSON.stringify(wrong)).not.toContain('tok-');
	});

	test('a value with extra spaces or another case is wrong', () => {
		expect(authenticate({ 'x-autoid-token': 'TOK-123', 'x-dealer': 'acme' }, headerCredential)?.statusCode).toBe(403);
		expect(authenticate({ 'x-autoid-token': 'tok-123 ', 'x-dealer': 'acme' }, headerCredential)?.statusCode).toBe(403);
	});

	test('a credential without a complete header lets nobody in', () => {
		const message = 'Authentication is not set up for this webhook';
		expect(authenticate({}, { authentication: 'headerAuth' })).toEqual({ statusCode: 403, message });
		expect(authenticate({ 'x-a': '' }, { headers: { values: [{ name: 'X-A', value: '' }] } })).toEqual({ statusCode: 403, message });
		expect(authenticate({ '': 'v' }, { headers: { values: [{ name: '', value: 'v' }] } })).toEqual({ statusCode: 403, message });
	});

	test('a credential saved before Authentication existed is header auth; empty editor rows are skipped', () => {
		const legacy: AutoIdCredential = { headers: { values: [{ name: 'X-A', value: 'v' }, { name: '', value: '' }] } };
		expect(configuredHeaders(legacy)).toEqual([{ name: 'X-A', value: 'v' }]);
		expect(authenticate({ 'x-a': 'v' }, legacy)).toBeUndefined();
	});
});

describe('basic auth', () => {
	test('passes with the user and password (the password may contain ":" and spaces)', () => {
		expect(authenticate({ authorization: basic('autoid', 'pa:ss word') }, basicCredential)).toBeUndefined();
	});

	test('no Authorization is 401, a wrong password or user 403', () => {
		expect(authenticate({}, basicCredential)).toEqual({ statusCode: 401, message: 'Authentication required' });
		expect(authenticate({ authorization: basic('autoid', 'nope') }, basicCredential)).toEqual({ statusCode: 403, message: 'Authentication failed' });
		expect(authenticate({ authorization: basic('other', 'pa:ss word') }, basicCredential)?.statusCode).toBe(403);
	});

	test('the custom headers of a basic-auth credential are not checked', () => {
		const mixed: AutoIdCredential = { ...basicCredential, headers: headerCredential.headers };
		expect(authenticate({ authorization: basic('autoid', 'pa:ss word') }, mixed)).toBeUndefined();
	});
});

describe('headers kept out of the output item', () => {
	test('Authorization, Proxy-Authorization, Cookie and the credential\'s own headers (lower case)', () => {
		expect([...secretHeaderNames(headerCredential)].sort()).toEqual(['authorization', 'cookie', 'proxy-authorization', 'x-autoid-token', 'x-dealer']);
		expect([...secretHeaderNames(basicCredential)].sort()).toEqual(['authorization', 'cookie', 'proxy-authorization']);
	});
});

describe('the credential test in the editor', () => {
	const run = (data: AutoIdCredential) =>
		testAutoIdCredential.call({} as ICredentialTestFunctions, { id: '1', name: 'AutoID', type: 'autoIdWebhookApi', data: data as never });

	test('reports what is set when all is well', async () => {
		expect(await run(headerCredential)).toEqual({ status: 'OK', message: 'Headers set: X-AutoID-Token, X-Dealer' });
		expect(await run({ headers: { values: [{ name: 'X-A', value: 'v' }] } })).toEqual({ status: 'OK', message: 'Header set: X-A' });
		expect(await run(basicCredential)).toEqual({ status: 'OK', message: 'User and password are set' });
	});

	test.each([
		[{ authentication: 'headerAuth' }, 'Add at least one header (the name and value you set in AutoID\'s advanced settings)'],
		[{ headers: { values: [{ name: 'X Token', value: 'v' }] } }, '"X Token" is not a valid HTTP header name'],
		[{ headers: { values: [{ name: 'Content-Type', value: 'application/json' }] } }, 'Content-Type is not a secret; add the header that carries your secret (e.g. X-AutoID-Token)'],
		[{ headers: { values: [{ name: 'X-A', value: '' }] } }, 'The value of X-A is empty'],
		[{ headers: { values: [{ name: 'X-A', value: 'v\n' }] } }, 'The value of X-A starts or ends with spaces or line breaks; paste it again'],
		[{ authentication: 'basicAuth', password: 'p' }, 'The user is empty'],
		[{ authentication: 'basicAuth', user: 'a:b', password: 'p' }, 'The user must not contain ":" (basic auth separates user and password with it)'],
		[{ authentication: 'basicAuth', user: 'a' }, 'The password is empty'],
		[{ authentication: 'basicAuth', user: 'a ', password: 'p' }, 'The user or password starts or ends with spaces or line breaks; paste it again'],
	] as Array<[AutoIdCredential, string]>)('%j → %p', async (data, message) => {
		expect(describeCredentialProblem(data)).toBe(message);
		expect(await run(data)).toEqual({ status: 'Error', message });
	});

	test('a credential with no data at all is an error, not a crash', async () => {
		const result = await testAutoIdCredential.call({} as ICredentialTestFunctions, { id: '1', name: 'x', type: 'autoIdWebhookApi' });
		expect(result.status).toBe('Error');
	});
});

describe('the credential type', () => {
	const credential = new AutoIdWebhookApi();

	test('is named for the lint and the editor, with secret fields as password fields', () => {
		expect(credential.name).toBe('autoIdWebhookApi');
		expect(credential.displayName).toBe('AutoID Webhook API');
		const headers = credential.properties.find((p) => p.name === 'headers');
		const value = (headers?.options?.[0] as { values: Array<{ name: string; typeOptions?: { password?: boolean } }> }).values.find((v) => v.name === 'value');
		expect(value?.typeOptions?.password).toBe(true);
		expect(credential.properties.find((p) => p.name === 'password')?.typeOptions?.password).toBe(true);
	});

	test('offers header auth (default) and basic auth', () => {
		const authentication = credential.properties.find((p) => p.name === 'authentication');
		expect(authentication?.default).toBe('headerAuth');
		expect((authentication?.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['headerAuth', 'basicAuth']);
	});
});
