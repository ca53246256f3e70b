/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * AutoID webhook bodies as AutoID would send them with the recommended templates (values from the examples in
 * AutoID's "Body Definitions" table), a tiny XML writer for the tests, and the generated parts of docs/autoid.md.
 * Shared by unit and e2e tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { AUTOID_TOKENS, recommendedJsonTemplate, recommendedXmlTemplate } from '../../nodes/AutoIdTrigger/autoIdTokens';

export const PROMPT_RESPONSES = [
	{ question: 'one', question_link: 'http://app.example.com/prompts-qa/audio/-1/94f17d142e0e861bfa34.wav', response: '1' },
	{ question: 'Department', question_link: 'http://app.example.com/prompts-qa/audio/-1/0b1c.wav', response: '2' },
];

export const TAGS = { Region: 'south', DealerGroup: 'Springwood Motors' };

export type AutoIdPayload = IDataObject;

/**
 * A body of the recommended template. At call begin, AutoID has no call-end values yet: those fields arrive empty.
 * `overrides` replace single fields (e.g. a unique callid per test).
 */
export function autoIdPayload(phase: 'call_begin' | 'call_end', overrides: AutoIdPayload = {}): AutoIdPayload {
	const payload: AutoIdPayload = {};
	for (const entry of AUTOID_TOKENS) {
		payload[entry.field] = phase === 'call_begin' && entry.category === 'call_end' ? '' : entry.example;
	}
	payload.utm_source = 'facebook';
	payload.tags = TAGS;
	payload.prompt_responses = phase === 'call_end' ? PROMPT_RESPONSES : '';
	if (phase === 'call_end') {
		payload.question = 'Department';
		payload.response = '2';
	}
	return { ...payload, ...overrides };
}

const escapeXml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Writes a value as XML elements: objects as children, arrays as repeated `itemName` elements. */
function element(name: string, value: unknown, indent: string, itemName: string): string {
	if (Array.isArray(value)) {
		const items = value.map((entry) => element(itemName, entry, `${indent}  `, itemName)).join('\n');
		return `${indent}<${name}>\n${items}\n${indent}</${name}>`;
	}
	if (typeof value === 'object' && value !== null) {
		const children = Object.entries(value)
			.map(([key, child]) => element(key, child, `${indent}  `, itemName))
			.join('\n');
		return `${indent}<${name}>\n${children}\n${indent}</${name}>`;
	}
	const text = escapeXml(String(value ?? ''));
	return text === '' ? `${indent}<${name}/>` : `${indent}<${name}>${text}</${name}>`;
}

/** The payload as the recommended XML template would carry it (`<call>` root; prompt responses nested). */
export function toXml(payload: AutoIdPayload, root = 'call', itemName = 'prompt_response'): string {
	return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, payload, '', itemName)}\n`;
}

const CATEGORY_WORDS: Record<string, string> = {
	call_begin: 'call begin',
	call_end: 'call end',
	dni: 'website (DNI)',
	location_info: 'location',
};

/** The generated parts of docs/autoid.md, by marker name. */
export function autoIdDocBlocks(): Record<string, string> {
	const rows = AUTOID_TOKENS.map(
		(entry) => `| \`${entry.field}\` | \`%${entry.token}%\` | ${entry.label}${entry.nested ? ' (nested object)' : ''} | ${CATEGORY_WORDS[entry.category]} |`,
	);
	return {
		'recommended-json-template': ['```json', recommendedJsonTemplate(), '```'].join('\n'),
		'recommended-xml-template': ['```xml', recommendedXmlTemplate(), '```'].join('\n'),
		'token-table': ['| Field | Token | AutoID data point | Known at |', '|---|---|---|---|', ...rows].join('\n'),
	};
}

/**
 * docs/autoid.md with its generated blocks (between `<!-- name:start -->` and `<!-- name:end -->`) rewritten
 * from the catalogue. A unit test checks that this changes nothing; to regenerate after a catalogue change:
 * `npx tsx -e "require('./test/support/autoid').writeAutoIdDocs()"`.
 */
export function renderAutoIdDocs(docs: string): string {
	let out = docs;
	for (const [name, content] of Object.entries(autoIdDocBlocks())) {
		const pattern = new RegExp(`<!-- ${name}:start -->\\n[\\s\\S]*?<!-- ${name}:end -->`);
		if (!pattern.test(out)) throw new Error(`docs/autoid.md has no ${name} block`);
		out = out.replace(pattern, () => `<!-- ${name}:start -->\n${content}\n<!-- ${name}:end -->`);
	}
	return out;
}

export const AUTOID_DOCS_FILE = join(__dirname, '../../docs/autoid.md');

export function writeAutoIdDocs(): void {
	writeFileSync(AUTOID_DOCS_FILE, renderAutoIdDocs(readFileSync(AUTOID_DOCS_FILE, 'utf8')));
}
