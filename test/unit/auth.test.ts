import { checkBearer, secretsMatch } from '../../lib/auth';

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
		expect(checkBearer(header, 's3cret')).toEqual({ statusCode: 401, message: 'No authorization header provided' });
	});

	test.each([['Bearer wrong'], ['Basic s3cret'], ['s3cret'], ['Bearer'], ['Bearer ']])(
		'%p is 403 and the message echoes nothing sent',
		(header) => {
			const failure = checkBearer(header, 's3cret');
			expect(failure).toEqual({ statusCode: 403, message: 'Invalid secret' });
		},
	);

	test('with no secret configured every request is refused', () => {
		expect(checkBearer('Bearer ', '')).toEqual({ statusCode: 403, message: 'Invalid secret' });
	});
});
