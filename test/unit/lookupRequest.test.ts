import { normalizeLookup, parseLookupQuery, parseUserParameter, userKeySegments } from '../../nodes/M8ComLookup/lookupRequest';

describe('parseLookupQuery', () => {
	test('fromNumber alone', () => {
		expect(parseLookupQuery({ fromNumber: '+46701234567' })).toEqual({ ok: true, value: { fromNumber: '+46701234567' } });
	});

	test('fromNumber and toNumber, trimmed; a repeated parameter uses its first value', () => {
		expect(parseLookupQuery({ fromNumber: [' +46701234567 ', '+1'], toNumber: '+46812345678' })).toEqual({
			ok: true,
			value: { fromNumber: '+46701234567', toNumber: '+46812345678' },
		});
	});

	test.each([[{}], [{ fromNumber: '' }], [{ fromNumber: '  ' }], [{ fromNumber: { a: 1 } }], [{ toNumber: '+46812345678' }]])(
		'a missing or empty fromNumber is refused: %p',
		(query) => {
			expect(parseLookupQuery(query)).toEqual({ ok: false, message: 'The fromNumber query parameter is required' });
		},
	);

	test('an empty toNumber is left out', () => {
		expect(parseLookupQuery({ fromNumber: '1', toNumber: '' })).toEqual({ ok: true, value: { fromNumber: '1' } });
	});

	test('an unreadable user parameter is refused', () => {
		expect(parseLookupQuery({ fromNumber: '1', user: '{broken' })).toEqual({ ok: false, message: 'The user parameter is not a JSON object' });
	});
});

describe('parseUserParameter (experimental "Send user info")', () => {
	const user = { firstName: 'Adam', lastName: 'Webb', displayName: 'Adam Webb', id: 'u-1', userIds: [{ type: 'email', username: 'adam@emca.example' }] };

	test('a JSON-encoded user', () => {
		expect(parseUserParameter({ user: JSON.stringify(user) })).toEqual({ ok: true, value: user });
	});

	test('a user already parsed into an object by a nested query parser', () => {
		expect(parseUserParameter({ user })).toEqual({ ok: true, value: user });
	});

	test('bracket-style parameters, arrays included', () => {
		expect(
			parseUserParameter({
				'user[firstName]': 'Adam',
				'user[displayName]': 'Adam Webb',
				'user[userIds][0][type]': 'email',
				'user[userIds][0][username]': 'adam@emca.example',
				'user[userIds][1][type]': 'mobilePhone',
				'user[userIds][1][username]': '+46709876543',
				fromNumber: '+46701234567',
			}),
		).toEqual({
			ok: true,
			value: {
				firstName: 'Adam',
				displayName: 'Adam Webb',
				userIds: [
					{ type: 'email', username: 'adam@emca.example' },
					{ type: 'mobilePhone', username: '+46709876543' },
				],
			},
		});
	});

	test('bracket keys cannot reach the object prototype', () => {
		const parsed = parseUserParameter({ 'user[__proto__][polluted]': 'yes', 'user[a][constructor][x]': '1', 'user[id]': 'u' });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(parsed).toEqual({ ok: true, value: { id: 'u' } });
	});

	test('bracket keys are bounded as Express\'s parser bounds them: indexes up to 20 make arrays, 5 levels deep', () => {
		const parsed = parseUserParameter({
			'user[userIds][1][type]': 'email',
			'user[userIds][99999999][type]': 'huge',
			'user[userIds][x]': 'not an index',
			'user[big][21]': 'an object key',
			'user[a][b][c][d][e][f][g]': 'deep',
		});
		expect(parsed).toEqual({
			ok: true,
			value: { userIds: [undefined, { type: 'email' }], big: { '21': 'an object key' }, a: { b: { c: { d: { e: { '[f][g]': 'deep' } } } } } },
		});
	});

	test('userKeySegments reads the brackets in one pass; a key without a closing bracket ends there', () => {
		expect(userKeySegments('user[userIds][0][type]')).toEqual(['userIds', '0', 'type']);
		expect(userKeySegments(`user[a]${'['.repeat(1000)}`)).toEqual(['a']);
		expect(userKeySegments('user[')).toBeUndefined();
		expect(userKeySegments('user[]')).toBeUndefined();
		expect(userKeySegments('users[a]')).toBeUndefined();
	});

	test('a user that is not an object, or JSON nested too deep, is refused', () => {
		expect(parseUserParameter({ user: ['a', 'b'] })).toEqual({ ok: false, message: 'The user parameter is not a JSON object' });
		expect(parseUserParameter({ user: [['a']] })).toEqual({ ok: false, message: 'The user parameter is not an object' });
		expect(parseUserParameter({ user: `${'{"a":'.repeat(40)}1${'}'.repeat(40)}` })).toEqual({ ok: false, message: 'The user parameter is not a JSON object' });
	});

	test('no user at all', () => {
		expect(parseUserParameter({ fromNumber: '1' })).toEqual({ ok: true, value: undefined });
		expect(parseUserParameter({ user: '' })).toEqual({ ok: true, value: undefined });
	});

	test.each([['{not json'], ['[1,2]'], ['"text"'], ['null']])('%p is not a user object', (value) => {
		expect(parseUserParameter({ user: value })).toEqual({ ok: false, message: 'The user parameter is not a JSON object' });
	});
});

describe('normalizeLookup', () => {
	test('numbers in E.164 with the default country; no direction for a lookup; no agent without a user', () => {
		const normalized = normalizeLookup({ fromNumber: '070-123 45 67', toNumber: '+46812345678' }, 'SE');
		expect(normalized).toMatchObject({
			vendor: 'm8com',
			event: 'lookup',
			direction: null,
			from: { number: '070-123 45 67', e164: '+46701234567' },
			to: { number: '+46812345678', e164: '+46812345678' },
			agent: null,
		});
	});

	test('the M8Com user becomes the agent: display name, email login, mobile login, id', () => {
		const normalized = normalizeLookup(
			{
				fromNumber: '+46701234567',
				user: { displayName: 'Adam Webb', id: 'u-1', userIds: [{ type: 'email', username: 'adam@emca.example' }, { type: 'mobilePhone', username: '0709876543' }] },
			},
			'SE',
		);
		expect(normalized.agent).toEqual({ name: 'Adam Webb', email: 'adam@emca.example', number: '0709876543', e164: '+46709876543', userId: 'u-1' });
		expect(normalized.to).toEqual({ number: null, e164: null, name: null, email: null, userId: null });
	});

	test('without a display name the agent is named from first and last name; odd userIds are ignored', () => {
		const agent = normalizeLookup({ fromNumber: '1', user: { firstName: 'Eva', lastName: 'Berg', userIds: 'x' as never } }, '').agent;
		expect(agent).toEqual({ name: 'Eva Berg', email: null, number: null, e164: null, userId: null });
		expect(normalizeLookup({ fromNumber: '1', user: {} }, '').agent?.name).toBeNull();
	});
});
