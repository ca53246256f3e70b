import { checkBasicAuth, checkBearer, checkHeaders, secretsMatch } from '../../lib/auth';

describe('secretsMatch', () => {
	test('matches only the identical secret', () => {
		expect(secretsMatch('s3cret', 's3cret')).toBe(true);
		expect(secretsMatch('s3cret ', 's3cret')).toBe(false);
		expect(secretsMatch('S3cret', 's3cret')).toBe(false);
		expect(secretsMatch('', 's3cret')).toBe(false);
	});

	test('an empty configured secret never matches, not even an empty one', () => {
		expect(secretsMatch('', '')).toBe(false);
		expect(secretsMatch('anything', '')).toBe(false);
	});
});

describe('checkBearer (M8Com: 401 without a header, 403 with a wrong secret)', () => {
	test('accepts the exact secret', () => {
		expect(checkBearer('Bearer s3cret', 's3cret')).toBeUndefined();
	});

	test('accepts the scheme in any case and extra spaces around the token', () => {
		expect(checkBearer('bearer   s3cret ', 's3cret')).toBeUndefined();
	});

	test('uses the first value when a header arrives twice', () => {
		expect(checkBearer(['Bearer s3cret', 'Bearer other'], 's3cret')).toBeUndefined();
	});

	test.each([[undefined], [''], ['   ']])('a missing or blank header (%p) is 401', (header) => {
		expect(checkBearer(header, 's3cret')).toEqual({ statusCode: 401, message: 'Authentication required' });
	});

	test.each([['Bearer wrong'], ['Basic s3cret'], ['s3cret'], ['Bearer'], ['Bearer ']])(
		'%p is 403 and the message echoes nothing sent',
		(header) => {
			const failure = checkBearer(header, 's3cret');
			expect(failure).toEqual({ statusCode: 403, message: 'Authentication failed' });
		},
	);

	test('with no secret configured every request is refused', () => {
		expect(checkBearer('Bearer ', '')).toEqual({ statusCode: 403, message: 'Authentication failed' });
	});
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('checkBasicAuth', () => {
	const expected = { user: 'ctm', password: 'p:ss w0rd' };

	test('accepts the configured user and a password that itself holds a colon', () => {
		expect(checkBasicAuth(basic('ctm', 'p:ss w0rd'), expected)).toBeUndefined();
	});

	test.each([[undefined], [''], ['  ']])('a missing header (%p) is 401', (header) => {
		expect(checkBasicAuth(header, expected)).toEqual({ statusCode: 401, message: 'Authentication required' });
	});

	test.each([
		['a wrong password', basic('ctm', 'nope')],
		['a wrong user', basic('other', 'p:ss w0rd')],
		['no colon', `Basic ${Buffer.from('ctm').toString('base64')}`],
		['another scheme', 'Bearer p:ss w0rd'],
		['garbage after the scheme', 'Basic !!!'],
	])('%s is 403 and echoes nothing', (_, header) => {
		const failure = checkBasicAuth(header, expected);
		expect(failure).toEqual({ statusCode: 403, message: 'Authentication failed' });
	});

	test('an empty configured password accepts nothing', () => {
		expect(checkBasicAuth(basic('ctm', ''), { user: 'ctm', password: '' })?.statusCode).toBe(403);
	});
});

describe('checkHeaders', () => {
	const expected = [
		{ name: 'X-AutoID-Key', value: 'k3y' },
		{ name: ' X-Dealer ', value: 'acme' },
	];

	test('accepts every configured header, names in any case', () => {
		expect(checkHeaders({ 'x-autoid-key': 'k3y', 'x-dealer': 'acme' }, expected)).toBeUndefined();
	});

	test('a missing header is 401 and names the header, not a value', () => {
		expect(checkHeaders({ 'x-autoid-key': 'k3y' }, expected)).toEqual({
			statusCode: 401,
			message: 'Authentication required',
		});
	});

	test('a wrong value is 403 without echoing it', () => {
		const failure = checkHeaders({ 'x-autoid-key': 'wrong', 'x-dealer': 'acme' }, expected);
		expect(failure).toEqual({ statusCode: 403, message: 'Authentication failed' });
	});

	test('a repeated header is judged by its first value', () => {
		expect(checkHeaders({ 'x-autoid-key': ['k3y', 'x'], 'x-dealer': 'acme' }, expected)).toBeUndefined();
	});

	test('no configured headers accepts the request', () => {
		expect(checkHeaders({}, [])).toBeUndefined();
	});
});
