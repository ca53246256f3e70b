/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** The token catalogue and the recommended templates generated from it (and their copy in docs/autoid.md). */
import { readFileSync } from 'node:fs';

import { parseXml } from '../../nodes/AutoIdTrigger/autoIdXml';
import {
	AUTOID_TOKENS,
	XML_TEMPLATE_ROOT,
	fieldOf,
	recommendedJsonTemplate,
	recommendedXmlTemplate,
} from '../../nodes/AutoIdTrigger/autoIdTokens';
import { AutoIdTrigger } from '../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import { AUTOID_DOCS_FILE, renderAutoIdDocs } from '../support/autoid';

/** Every token of AutoID's "Body Definitions" table, in its order (copied from the vendor document). */
const DOCUMENTED_TOKENS = [
	'callid', 'session_id', 'dialed_time', 'answered_time', 'dialstatus', 'tracking', 'ani', 'call_start_time',
	'call_end_time', 'target', 'global_id', 'landing_domain', 'repeat_caller', 'prompt_responses', 'question',
	'question_link', 'response', 'domain_name', 'campaign_name', 'rec_audiourl', 'rec_audiowavurl', 'ani_is_valid',
	'ani_line_type', 'ani_carrier', 'ani_full_name', 'ani_first_name', 'ani_middle_name', 'ani_last_name', 'ani_type',
	'ani_street_line_1', 'ani_street_line_2', 'ani_city', 'ani_zip', 'ani_zip4', 'ani_state', 'ani_country_code',
	'ani_street_number', 'ani_street_name', 'ani_street_type', 'ani_updated_at', 'tags', 'location_name',
	'location_address_line_1', 'location_address_line_2', 'location_address_city', 'location_address_zip',
	'location_address_state', 'account_id', 'location_id', 'page_id', 'page_converted_on', 'first_page_landed_on',
	'vehicle_vin', 'vehicle_year', 'vehicle_make', 'vehicle_model', 'referral_domain', 'medium', 'utm_source',
	'utm_medium', 'utm_campaign', 'utm_content', 'keyword', 'gclid', 'ring_count', 'site_id', 'domain_id',
	'visitor_browser_family', 'visitor_browser_version', 'visitor_device', 'visitor_country_code', 'visitor_region',
	'visitor_city', 'visitor_ip_address', 'visitor_operating_system', 'visitor_lat', 'visitor_long',
];

describe('the AutoID token catalogue', () => {
	test('lists every documented token exactly once, in AutoID\'s order', () => {
		expect(AUTOID_TOKENS.map((entry) => entry.token)).toEqual(DOCUMENTED_TOKENS);
	});

	test('gives each token a field name of its own, made of its name', () => {
		const fields = AUTOID_TOKENS.map((entry) => entry.field);
		expect(new Set(fields).size).toBe(fields.length);
		for (const entry of AUTOID_TOKENS) expect(entry.field).toBe(entry.token);
	});

	test('knows which values come at call end and which are nested objects', () => {
		const callEnd = AUTOID_TOKENS.filter((entry) => entry.category === 'call_end').map((entry) => entry.token);
		expect(callEnd).toEqual([
			'dialed_time', 'answered_time', 'dialstatus', 'call_end_time', 'prompt_responses', 'question', 'question_link',
			'response', 'rec_audiourl', 'rec_audiowavurl', 'ring_count',
		]);
		expect(AUTOID_TOKENS.filter((entry) => entry.nested).map((entry) => entry.token)).toEqual(['prompt_responses', 'tags']);
	});

	test('fieldOf names the field of a token and refuses a token that does not exist', () => {
		expect(fieldOf('ani')).toBe('ani');
		expect(() => fieldOf('anii')).toThrow('Unknown AutoID token anii');
	});
});

describe('the recommended templates', () => {
	test('JSON: one field per token, "callid": "%callid%" and so on', () => {
		const template = JSON.parse(recommendedJsonTemplate()) as Record<string, string>;
		expect(Object.keys(template)).toEqual(DOCUMENTED_TOKENS);
		for (const token of DOCUMENTED_TOKENS) expect(template[token]).toBe(`%${token}%`);
		expect(recommendedJsonTemplate()).toContain('\n  "callid": "%callid%",\n');
	});

	test('XML: the same fields as elements of <call>, readable by the trigger\'s own parser', () => {
		const xml = recommendedXmlTemplate();
		expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<call>\n  <callid>%callid%</callid>\n')).toBe(true);
		const parsed = parseXml(xml);
		expect(parsed.ok && parsed.root).toBe(XML_TEMPLATE_ROOT);
		const fields = parsed.ok ? (parsed.value as Record<string, string>) : {};
		expect(Object.keys(fields)).toEqual(DOCUMENTED_TOKENS);
		for (const token of DOCUMENTED_TOKENS) expect(fields[token]).toBe(`%${token}%`);
	});

	test('the node offers both templates as its copyable defaults', () => {
		const properties = new AutoIdTrigger().description.properties;
		expect(properties.find((p) => p.name === 'jsonTemplate')?.default).toBe(recommendedJsonTemplate());
		expect(properties.find((p) => p.name === 'xmlTemplate')?.default).toBe(recommendedXmlTemplate());
	});

	test('docs/autoid.md carries exactly the generated templates and token table (see renderAutoIdDocs to regenerate)', () => {
		const docs = readFileSync(AUTOID_DOCS_FILE, 'utf8');
		expect(renderAutoIdDocs(docs)).toBe(docs);
		expect(docs).toContain(`<!-- recommended-json-template:start -->\n\`\`\`json\n${recommendedJsonTemplate()}\n\`\`\`\n`);
		expect(docs).toContain(`<!-- recommended-xml-template:start -->\n\`\`\`xml\n${recommendedXmlTemplate()}\n\`\`\`\n`);
	});
});
