/** Content types, raw bytes and body parsing of AutoID webhooks. */
import { parseBody, readContentType, decodeBody } from '../../nodes/AutoIdTrigger/autoIdBody';
import { TAGS, autoIdPayload, toXml } from '../support/autoid';

const json = readContentType('application/json') as ReturnType<typeof readContentType> & { format: 'json' };
const xml = readContentType('application/xml') as ReturnType<typeof readContentType> & { format: 'xml' };

describe('which content types AutoID may send', () => {
	test.each([
		['application/json', 'json', undefined],
		['application/json; charset=utf-8', 'json', 'utf-8'],
		['Application/JSON;Charset="UTF-8"', 'json', 'utf-8'],
		['application/xml', 'xml', undefined],
		['text/xml; charset=ISO-8859-1', 'xml', 'iso-8859-1'],
	])('%p is %p', (header, format, charset) => {
		expect(readContentType(header)).toMatchObject({ format, charset });
	});

	test.each([[undefined], [''], ['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x'], ['application/soap+xml'], ['application/jsonp']])(
		'%p is not accepted',
		(header) => {
			expect(readContentType(header).format).toBeUndefined();
		},
	);

	test('a repeated header: the first value counts', () => {
		expect(readContentType(['application/xml', 'application/json']).format).toBe('xml');
	});
});

describe('decoding the text', () => {
	test('UTF-8 by default, a byte order mark removed', () => {
		expect(decodeBody(Buffer.from('\uFEFF{"name":"Jürgen"}', 'utf8'), json)).toBe('{"name":"Jürgen"}');
	});

	test('Latin-1 when the Content-Type says so, or when the XML declaration does', () => {
		const latin1 = Buffer.from('<call><name>Jürgen</name></call>', 'latin1');
		expect(decodeBody(latin1, readContentType('text/xml; charset=iso-8859-1'))).toBe('<call><name>Jürgen</name></call>');
		const declared = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><call><name>Jürgen</name></call>', 'latin1');
		expect(decodeBody(declared, xml)).toContain('Jürgen');
	});
});

describe('parsing the body', () => {
	test('JSON of the recommended template, nested prompt responses and tags as sent', () => {
		const payload = autoIdPayload('call_end');
		const parsed = parseBody(Buffer.from(JSON.stringify(payload)), json);
		expect(parsed).toEqual({ ok: true, format: 'json', xmlRoot: null, body: payload });
		expect(parsed.ok && (parsed.body as { tags: unknown }).tags).toEqual(TAGS);
	});

	test('XML of the recommended template, with its root element named', () => {
		const parsed = parseBody(Buffer.from(toXml(autoIdPayload('call_begin'))), xml);
		expect(parsed).toMatchObject({ ok: true, format: 'xml', xmlRoot: 'call', body: { callid: '093cc03c.e6a4.6ac6.978f.740b10afeaca', tags: TAGS } });
	});

	test.each([
		['an empty JSON body', json, '', 'The body is empty'],
		['a blank XML body', xml, '  \n', 'The body is empty'],
		['broken JSON', json, '{"callid":', 'The body is not valid JSON'],
		['XML with a DOCTYPE', xml, '<!DOCTYPE call SYSTEM "http://x/y.dtd"><call/>', 'XML with a DOCTYPE is not accepted (no DTDs or entities)'],
		['JSON nested 33 levels', json, `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`, 'The JSON is nested more than 32 levels deep'],
		['a top-level JSON array', json, '[{"callid":"1"}]', 'Expected the template as a JSON object'],
		['a top-level JSON string', json, '"call"', 'Expected the template as a JSON object'],
		['JSON null', json, 'null', 'Expected the template as a JSON object'],
		['XML nested 33 levels', xml, `${'<a>'.repeat(33)}${'</a>'.repeat(33)}`, 'The XML is nested more than 32 levels deep'],
	])('%s is 400', (_name, contentType, body, message) => {
		expect(parseBody(Buffer.from(body), contentType)).toEqual({ ok: false, statusCode: 400, message });
	});

	test('a JSON object nested 32 levels is accepted', () => {
		expect(parseBody(Buffer.from(`${'{"a":'.repeat(31)}[1]${'}'.repeat(31)}`), json).ok).toBe(true);
	});
});
