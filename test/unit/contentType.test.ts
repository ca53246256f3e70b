import { mediaType, requireJson } from '../../lib/contentType';

describe('mediaType', () => {
	test.each([
		['application/json', 'application/json'],
		['Application/JSON; charset=utf-8', 'application/json'],
		[['text/xml', 'application/json'], 'text/xml'],
		[undefined, ''],
		['', ''],
	])('%p → %p', (header, type) => {
		expect(mediaType(header)).toBe(type);
	});
});

describe('requireJson', () => {
	test.each([['application/json'], ['application/json; charset=UTF-8'], ['application/vnd.m8com+json']])('accepts %p', (header) => {
		expect(requireJson(header)).toBeUndefined();
	});
	test.each([[undefined], [''], ['text/plain'], ['application/x-www-form-urlencoded'], ['application/xml'], ['multipart/form-data; boundary=x'], ['application/jsonp'], ['text/json']])(
		'refuses %p',
		(header) => {
			expect(requireJson(header)).toBe('Content-Type must be application/json');
		},
	);
});
