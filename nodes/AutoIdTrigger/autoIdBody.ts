/**
 * The request body as AutoID sends it: JSON or XML (its template type), read from the raw bytes so that field
 * and element names keep their case. Everything else is refused with a short reason.
 */
import { parseJsonText } from '../../lib/rawBody';
import { DEFAULT_MAX_XML_DEPTH, parseXml } from './autoIdXml';

export type BodyFormat = 'json' | 'xml';

export const ACCEPTED_CONTENT_TYPES = ['application/json', 'application/xml', 'text/xml'] as const;

/** Nesting accepted in either format (AutoID's templates are one or two levels deep). */
export const MAX_BODY_DEPTH = DEFAULT_MAX_XML_DEPTH;

export interface ContentType {
	format: BodyFormat | undefined;
	/** The media type in lower case, without parameters ('' when there was no header). */
	mediaType: string;
	charset: string | undefined;
}

export function readContentType(header: string | string[] | undefined): ContentType {
	const value = (Array.isArray(header) ? header[0] : header) ?? '';
	const [media, ...parameters] = value.split(';');
	const mediaType = media.trim().toLowerCase();
	let charset: string | undefined;
	for (const parameter of parameters) {
		const match = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(parameter);
		if (match) charset = match[1].toLowerCase();
	}
	const format: BodyFormat | undefined =
		mediaType === 'application/json'
			? 'json'
			: mediaType === 'application/xml' || mediaType === 'text/xml'
				? 'xml'
				: undefined;
	return { format, mediaType, charset };
}

const LATIN1 = new Set(['iso-8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'windows-1252', 'cp1252']);

/** Text of the body: the charset of the Content-Type, else of the XML declaration, else UTF-8. */
export function decodeBody(raw: Buffer, contentType: ContentType): string {
	let charset = contentType.charset;
	if (!charset && contentType.format === 'xml') {
		const declaration = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(raw.subarray(0, 200).toString('latin1'));
		charset = declaration?.[1].toLowerCase();
	}
	const text = raw.toString(charset && LATIN1.has(charset) ? 'latin1' : 'utf8');
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export type ParsedBody =
	| { ok: true; format: BodyFormat; xmlRoot: string | null; body: unknown }
	| { ok: false; statusCode: 400; message: string };

/** Parses the raw body in the format of its Content-Type (which the caller has already accepted). */
export function parseBody(raw: Buffer, contentType: ContentType & { format: BodyFormat }): ParsedBody {
	const text = decodeBody(raw, contentType);
	if (text.trim() === '') return { ok: false, statusCode: 400, message: 'The body is empty' };
	if (contentType.format === 'xml') {
		const xml = parseXml(text, { maxDepth: MAX_BODY_DEPTH });
		if (!xml.ok) return { ok: false, statusCode: 400, message: xml.message };
		return { ok: true, format: 'xml', xmlRoot: xml.root, body: xml.value };
	}
	const json = parseJsonText(text, MAX_BODY_DEPTH);
	if (!json.ok) return { ok: false, statusCode: 400, message: json.message };
	const body = json.value;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return { ok: false, statusCode: 400, message: 'Expected the template as a JSON object' };
	}
	return { ok: true, format: 'json', xmlRoot: null, body };
}
