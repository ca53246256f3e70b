/** M8Com's free-text call-log body, section by section (Insights webhook spec, "Body"). */
import { parseCallLogBody, parseNamedNumber } from '../../nodes/M8ComCallLog/callLogBody';

describe('parseCallLogBody: each section alone', () => {
	test.each([
		['referred to: +46 70 123 45 67', { referredTo: '+46 70 123 45 67' }],
		['referred by: +46 8 123 456', { referredBy: '+46 8 123 456' }],
		['Call to user: anna@acme.example (+46 70 111 22 33)', { callToUser: { name: 'anna@acme.example', number: '+46 70 111 22 33' } }],
		['Call from: +46 70 123 45 67', { callFrom: '+46 70 123 45 67' }],
		['Call from user: Anna Berg (+46 70 111 22 33)', { callFromUser: { name: 'Anna Berg', number: '+46 70 111 22 33' } }],
		['Call to: +46 70 123 45 67', { callTo: '+46 70 123 45 67' }],
		['Call to answer group: Support (+46 8 555 00 00)', { callToAnswerGroup: { name: 'Support', number: '+46 8 555 00 00' } }],
		['Call from answer group: Sales (+46 8 555 11 11)', { callFromAnswerGroup: { name: 'Sales', number: '+46 8 555 11 11' } }],
		['M8Com agent: erik@acme.example', { agent: 'erik@acme.example' }],
		['Call type: Inbound', { callType: 'Inbound' }],
	])('%s', (line, expected) => {
		const sections = parseCallLogBody(line);
		expect(sections).toMatchObject(expected);
		expect(sections.unrecognizedLines).toEqual([]);
		expect(sections.summary).toBeNull();
		const filled = Object.entries(sections).filter(([k, v]) => v !== null && k !== 'unrecognizedLines');
		expect(filled.map(([k]) => k)).toEqual(Object.keys(expected));
	});
});

describe('parseCallLogBody: whole bodies', () => {
	test('every section together, in M8Com\'s order, with a trailing summary', () => {
		const body = [
			'referred to: +46 70 999 88 77',
			'referred by: +46 8 123 456',
			'Call to user: anna@acme.example (+46 70 111 22 33)',
			'Call from: +46 70 123 45 67',
			'Call from user: Anna Berg (+46 70 111 22 33)',
			'Call to: +46 70 123 45 67',
			'Call to answer group: Support (+46 8 555 00 00)',
			'Call from answer group: Sales (+46 8 555 11 11)',
			'M8Com agent: erik@acme.example',
			'Call type: Outbound',
			'The customer asked about the renewal.',
			'Follow up next week.',
		].join('\n');
		expect(parseCallLogBody(body)).toEqual({
			referredTo: '+46 70 999 88 77',
			referredBy: '+46 8 123 456',
			callToUser: { name: 'anna@acme.example', number: '+46 70 111 22 33' },
			callFrom: '+46 70 123 45 67',
			callFromUser: { name: 'Anna Berg', number: '+46 70 111 22 33' },
			callTo: '+46 70 123 45 67',
			callToAnswerGroup: { name: 'Support', number: '+46 8 555 00 00' },
			callFromAnswerGroup: { name: 'Sales', number: '+46 8 555 11 11' },
			agent: 'erik@acme.example',
			callType: 'Outbound',
			summary: 'The customer asked about the renewal.\nFollow up next week.',
			unrecognizedLines: [],
		});
	});

	test('a contact calling an answer group (Windows line ends, headers in any case)', () => {
		const body = 'CALL FROM: +46701234567\r\ncall to answer group: Support (+4685550000)\r\nM8COM AGENT: Erik Lind\r\nCall type: Outbound';
		expect(parseCallLogBody(body)).toMatchObject({
			callFrom: '+46701234567',
			callToAnswerGroup: { name: 'Support', number: '+4685550000' },
			agent: 'Erik Lind',
			callType: 'Outbound',
			summary: null,
		});
	});

	test('lines it does not recognise are kept, never dropped, and not taken for the summary', () => {
		const body = 'Call from: +46701234567\nVoicemail: yes\nCall type: Outbound\nSummary text';
		const sections = parseCallLogBody(body);
		expect(sections.unrecognizedLines).toEqual(['Voicemail: yes']);
		expect(sections.callFrom).toBe('+46701234567');
		expect(sections.summary).toBe('Summary text');
	});

	test('a section seen twice keeps the first value and the repeat as an unrecognised line', () => {
		const sections = parseCallLogBody('referred to: +461\nreferred to: +462\nCall type: Inbound');
		expect(sections.referredTo).toBe('+461');
		expect(sections.unrecognizedLines).toEqual(['referred to: +462']);
	});

	test('a body with no known section at all is one summary (nothing lost)', () => {
		const sections = parseCallLogBody('Free text only\nsecond line');
		expect(sections.summary).toBe('Free text only\nsecond line');
		expect(sections.unrecognizedLines).toEqual([]);
	});

	test('an empty body gives empty sections', () => {
		const sections = parseCallLogBody('');
		expect(sections.summary).toBeNull();
		expect(sections.callType).toBeNull();
	});

	test('blank lines between sections are ignored and a summary keeps its inner blank lines', () => {
		const sections = parseCallLogBody('Call type: Inbound\n\nFirst paragraph\n\nSecond paragraph\n');
		expect(sections.summary).toBe('First paragraph\n\nSecond paragraph');
		expect(sections.unrecognizedLines).toEqual([]);
	});

	test('"Call to" does not swallow "Call to user", nor "Call from" "Call from answer group"', () => {
		const sections = parseCallLogBody('Call to user: Anna Berg (u-42)\nCall from answer group: Sales (+4685551111)');
		expect(sections.callTo).toBeNull();
		expect(sections.callFrom).toBeNull();
		expect(sections.callToUser).toEqual({ name: 'Anna Berg', number: 'u-42' });
	});

	test('an empty section value is null', () => {
		expect(parseCallLogBody('referred to:\nCall type: Inbound').referredTo).toBeNull();
	});
});

describe('parseNamedNumber', () => {
	test.each([
		['Anna Berg (+46 70 111 22 33)', { name: 'Anna Berg', number: '+46 70 111 22 33' }],
		['anna@acme.example (u-1234)', { name: 'anna@acme.example', number: 'u-1234' }],
		['Support', { name: 'Support', number: null }],
		['(+4685550000)', { name: null, number: '+4685550000' }],
		['Team (Stockholm) (+4685550000)', { name: 'Team (Stockholm)', number: '+4685550000' }],
		['', { name: null, number: null }],
	])('%p', (text, expected) => {
		expect(parseNamedNumber(text)).toEqual(expected);
	});
});
