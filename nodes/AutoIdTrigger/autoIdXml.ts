/**
 * A small, safe XML reader for webhook bodies (no dependencies). It keeps element and attribute names exactly
 * as sent (n8n's own parser lower-cases them), and it is deliberately strict about what it will not do:
 *
 * - a DOCTYPE or any entity declaration is refused, so nothing is ever expanded or fetched (no XXE, no
 *   "billion laughs"); only the five predefined entities and numeric character references are decoded, and an
 *   undefined entity is refused too;
 * - nesting is bounded (default 32 levels) and the parser is iterative, so deep input cannot exhaust the stack.
 *
 * Shape of the result, close to what n8n users know from xml2js (`explicitArray: false`):
 * an element with only text becomes a string (`''` when empty); an element with child elements becomes an
 * object of its children (repeated names become arrays, in document order); attributes go under `$`, and text
 * next to attributes or children under `_`. The root element's name is returned beside its value.
 */

export type XmlValue = string | XmlObject;
export interface XmlObject {
	[name: string]: XmlValue | XmlValue[] | Record<string, string>;
}

export type XmlRejectionReason = 'doctype' | 'entity' | 'depth' | 'malformed';

export type XmlParseResult =
	| { ok: true; root: string; value: XmlValue }
	| { ok: false; reason: XmlRejectionReason; message: string };

export interface XmlParseOptions {
	/** Deepest element nesting accepted; the root element is level 1. */
	maxDepth?: number;
}

export const DEFAULT_MAX_XML_DEPTH = 32;

class XmlRejection extends Error {
	constructor(
		readonly reason: XmlRejectionReason,
		message: string,
	) {
		super(message);
	}
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const NAME = /[A-Za-z_:\u00C0-\uFFEF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFEF]*/y;
const WHITESPACE = /[ \t\n\r]*/y;
const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

/** Longest name a refusal repeats: a message says which element is wrong, never echoes the document at length. */
const MAX_NAME_IN_MESSAGE = 32;

/** A name as a refusal shows it: cut to MAX_NAME_IN_MESSAGE characters. */
const shown = (name: string): string => (name.length > MAX_NAME_IN_MESSAGE ? `${name.slice(0, MAX_NAME_IN_MESSAGE)}…` : name);

interface Frame {
	name: string;
	attributes: Record<string, string> | undefined;
	children: Array<[string, XmlValue]>;
	text: string;
}

/** Sets an own, enumerable property even for names like `__proto__`, so no prototype is ever touched. */
function define(target: object, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isXmlChar(code: number): boolean {
	return (
		code === 0x9 ||
		code === 0xa ||
		code === 0xd ||
		(code >= 0x20 && code <= 0xd7ff) ||
		(code >= 0xe000 && code <= 0xfffd) ||
		(code >= 0x10000 && code <= 0x10ffff)
	);
}

/** Decodes the predefined entities and character references; anything else is refused, never expanded. */
function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	let out = '';
	let index = 0;
	while (index < text.length) {
		const amp = text.indexOf('&', index);
		if (amp < 0) {
			out += text.slice(index);
			break;
		}
		out += text.slice(index, amp);
		const semicolon = text.indexOf(';', amp);
		const name = semicolon < 0 ? '' : text.slice(amp + 1, semicolon);
		if (semicolon < 0 || name === '' || name.length > 32 || /[\s&<]/.test(name)) {
			throw new XmlRejection('malformed', 'The XML has a bare "&" (write it as &amp;)');
		}
		if (Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, name)) {
			out += PREDEFINED_ENTITIES[name];
		} else if (/^#[0-9]{1,7}$/.test(name) || /^#x[0-9a-fA-F]{1,6}$/.test(name)) {
			const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			if (!isXmlChar(code)) throw new XmlRejection('malformed', 'The XML has an invalid character reference');
			out += String.fromCodePoint(code);
		} else {
			throw new XmlRejection('entity', 'The XML uses an entity that is not defined in XML itself; entities are not expanded');
		}
		index = semicolon + 1;
	}
	return out;
}

function valueOf(frame: Frame): XmlValue {
	if (frame.children.length === 0 && !frame.attributes) return frame.text;
	const value: XmlObject = {};
	if (frame.attributes) define(value, '$', frame.attributes);
	for (const [name, child] of frame.children) {
		const existing = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
		if (existing === undefined) define(value, name, child);
		else if (Array.isArray(existing)) existing.push(child);
		else define(value, name, [existing as XmlValue, child]);
	}
	const text = frame.children.length > 0 ? frame.text.trim() : frame.text;
	if (text !== '' && !Object.prototype.hasOwnProperty.call(value, '_')) define(value, '_', text);
	return value;
}

class Reader {
	index = 0;

	constructor(readonly text: string) {}

	startsWith(prefix: string): boolean {
		return this.text.startsWith(prefix, this.index);
	}

	/** Moves past `terminator`, returning what came before it. */
	until(terminator: string, what: string): string {
		const end = this.text.indexOf(terminator, this.index);
		if (end < 0) throw new XmlRejection('malformed', `The XML has an unterminated ${what}`);
		const content = this.text.slice(this.index, end);
		this.index = end + terminator.length;
		return content;
	}

	name(what: string): string {
		NAME.lastIndex = this.index;
		const match = NAME.exec(this.text);
		if (!match) throw new XmlRejection('malformed', `The XML has an invalid ${what} name`);
		this.index = NAME.lastIndex;
		return match[0];
	}

	/** Skips whitespace; true when there was some. */
	whitespace(): boolean {
		WHITESPACE.lastIndex = this.index;
		WHITESPACE.exec(this.text);
		const skipped = WHITESPACE.lastIndex > this.index;
		this.index = WHITESPACE.lastIndex;
		return skipped;
	}

	expect(char: string, what: string): void {
		if (this.text[this.index] !== char) throw new XmlRejection('malformed', `The XML has a malformed ${what}`);
		this.index += 1;
	}
}

/** Reads a start tag after its `<`: the name, attributes, and whether it closes itself. */
function readStartTag(reader: Reader): { name: string; attributes: Record<string, string> | undefined; selfClosing: boolean } {
	const name = reader.name('element');
	let attributes: Record<string, string> | undefined;
	for (;;) {
		const spaced = reader.whitespace();
		if (reader.startsWith('/>')) {
			reader.index += 2;
			return { name, attributes, selfClosing: true };
		}
		if (reader.startsWith('>')) {
			reader.index += 1;
			return { name, attributes, selfClosing: false };
		}
		if (!spaced) throw new XmlRejection('malformed', `The XML has a malformed start tag <${shown(name)}>`);
		const attribute = reader.name('attribute');
		reader.whitespace();
		reader.expect('=', `attribute ${shown(attribute)}`);
		reader.whitespace();
		const quote = reader.text[reader.index];
		if (quote !== '"' && quote !== "'") throw new XmlRejection('malformed', `The XML attribute ${shown(attribute)} is not quoted`);
		reader.index += 1;
		const raw = reader.until(quote, `attribute ${shown(attribute)}`);
		if (raw.includes('<')) throw new XmlRejection('malformed', `The XML attribute ${shown(attribute)} contains "<"`);
		attributes ??= {};
		if (Object.prototype.hasOwnProperty.call(attributes, attribute)) {
			throw new XmlRejection('malformed', `The XML element <${shown(name)}> repeats the attribute ${shown(attribute)}`);
		}
		define(attributes, attribute, decodeEntities(raw).replace(/[\t\n\r]/g, ' '));
	}
}

function parse(source: string, maxDepth: number): { root: string; value: XmlValue } {
	const text = (source.charCodeAt(0) === 0xfeff ? source.slice(1) : source).replace(/\r\n?/g, '\n');
	// Refused before anything else, wherever it appears (even inside a comment or CDATA: better safe).
	if (DECLARATION.test(text)) {
		const isDoctype = /<!\s*DOCTYPE/i.test(text);
		throw new XmlRejection(
			isDoctype ? 'doctype' : 'entity',
			isDoctype
				? 'XML with a DOCTYPE is not accepted (no DTDs or entities)'
				: 'XML with entity declarations is not accepted',
		);
	}
	const reader = new Reader(text);
	const stack: Frame[] = [];
	const done: { document?: { root: string; value: XmlValue } } = {};

	const close = (frame: Frame) => {
		const value = valueOf(frame);
		const parent = stack[stack.length - 1];
		if (parent) parent.children.push([frame.name, value]);
		else done.document = { root: frame.name, value };
	};

	while (reader.index < text.length) {
		if (!reader.startsWith('<')) {
			const next = text.indexOf('<', reader.index);
			const chunk = text.slice(reader.index, next < 0 ? text.length : next);
			reader.index += chunk.length;
			const top = stack[stack.length - 1];
			if (top) top.text += decodeEntities(chunk);
			else if (chunk.trim() !== '') throw new XmlRejection('malformed', 'The XML has text outside its root element');
			continue;
		}
		if (reader.startsWith('<?')) {
			const start = reader.index;
			reader.index += 2;
			const target = reader.name('processing instruction');
			reader.until('?>', 'processing instruction');
			if (target.toLowerCase() === 'xml' && start !== 0) {
				throw new XmlRejection('malformed', 'The XML declaration must come first');
			}
			continue;
		}
		if (reader.startsWith('<!--')) {
			reader.index += 4;
			reader.until('-->', 'comment');
			continue;
		}
		if (reader.startsWith('<![CDATA[')) {
			reader.index += 9;
			const content = reader.until(']]>', 'CDATA section');
			const top = stack[stack.length - 1];
			if (!top) throw new XmlRejection('malformed', 'The XML has a CDATA section outside its root element');
			top.text += content;
			continue;
		}
		if (reader.startsWith('<!')) throw new XmlRejection('malformed', 'The XML has an unsupported declaration');
		if (reader.startsWith('</')) {
			reader.index += 2;
			const name = reader.name('element');
			reader.whitespace();
			reader.expect('>', `end tag </${shown(name)}>`);
			const frame = stack.pop();
			if (!frame || frame.name !== name) {
				throw new XmlRejection('malformed', `The XML end tag </${shown(name)}> does not match its start tag`);
			}
			close(frame);
			continue;
		}
		reader.index += 1;
		if (done.document) {
			throw new XmlRejection('malformed', 'The XML has more than one root element');
		}
		const tag = readStartTag(reader);
		if (stack.length + 1 > maxDepth) {
			throw new XmlRejection('depth', `The XML is nested more than ${maxDepth} levels deep`);
		}
		const frame: Frame = { name: tag.name, attributes: tag.attributes, children: [], text: '' };
		if (tag.selfClosing) close(frame);
		else stack.push(frame);
	}
	if (stack.length > 0) throw new XmlRejection('malformed', `The XML element <${shown(stack[stack.length - 1].name)}> is not closed`);
	if (!done.document) throw new XmlRejection('malformed', 'The XML has no root element');
	return done.document;
}

/** Parses an XML document; never throws (a refusal says why, in words safe to send back). */
export function parseXml(text: string, options: XmlParseOptions = {}): XmlParseResult {
	try {
		return { ok: true, ...parse(text, options.maxDepth ?? DEFAULT_MAX_XML_DEPTH) };
	} catch (error) {
		if (error instanceof XmlRejection) return { ok: false, reason: error.reason, message: error.message };
		return { ok: false, reason: 'malformed', message: 'The XML could not be read' };
	}
}
