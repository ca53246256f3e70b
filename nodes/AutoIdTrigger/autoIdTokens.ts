/**
 * AutoID's webhook tokens, as listed in its "Body Definitions" table, and the recommended templates built from
 * them. A template is the body the user pastes into AutoID (Template Format); each `%token%` is a data point
 * AutoID fills in when it sends the webhook. The recommended templates name every field after its token, so the
 * trigger can fill `normalized` from them; docs/autoid.md carries a copy that a unit test keeps identical.
 */

/** When AutoID knows the value: at the beginning of the call, at its end, from the website (DNI), or always. */
export type TokenCategory = 'call_begin' | 'call_end' | 'dni' | 'location_info';

export interface AutoIdToken {
	/** The token without its percent signs, e.g. `callid` for `%callid%`. */
	token: string;
	/** The field name the recommended templates use for it. */
	field: string;
	category: TokenCategory;
	/** AutoID's description, shortened. */
	label: string;
	example: string;
	/** AutoID fills a nested object in, not a single value. */
	nested?: boolean;
}

const t = (token: string, category: TokenCategory, label: string, example: string, nested = false): AutoIdToken => ({
	token,
	field: token,
	category,
	label,
	example,
	...(nested ? { nested } : {}),
});

/** Every token of AutoID's table, in its order. */
export const AUTOID_TOKENS: readonly AutoIdToken[] = [
	t('callid', 'call_begin', 'CallID: unique identifier of the call', '093cc03c.e6a4.6ac6.978f.740b10afeaca'),
	t('session_id', 'call_begin', "Session ID: the user's session", '5da13c4f-753f-448a-81a1-12456785be20'),
	t('dialed_time', 'call_end', 'Dialed Time: full duration including dial time (seconds)', '36'),
	t('answered_time', 'call_end', 'Answered Time: duration of the connection (seconds)', '29'),
	t('dialstatus', 'call_end', 'DialStatus: did the remote party answer', 'ANSWER'),
	t('tracking', 'call_begin', 'Tracking: the tracking number dialed', '7774839229'),
	t('ani', 'call_begin', 'ANI: telephone number of the caller', '7776734736'),
	t('call_start_time', 'call_begin', 'Call Start Time (default: 24 hour GMT)', '2019-03-28T00:05:00.000Z'),
	t('call_end_time', 'call_end', 'Call End Time (default: 24 hour GMT)', '2019-03-28T00:05:30.000Z'),
	t('target', 'dni', 'Target: the target destination', '7776734700'),
	t('global_id', 'dni', 'Global ID: unique user identification', '0f9cec2d1236e1234d8e123a7adff123'),
	t('landing_domain', 'dni', 'Landing Domain: domain the consumer landed on', 'example.com'),
	t('repeat_caller', 'call_begin', 'Repeat Caller: 1 or 0', '1'),
	t('prompt_responses', 'call_end', "Treatment Response: the consumer's call treatment flow", '', true),
	t('question', 'call_end', 'Question Name', 'one'),
	t('question_link', 'call_end', 'Link to the audio file', 'http://app.example.com/prompts-qa/audio/-1/94f17d142e0e861bfa34.wav'),
	t('response', 'call_end', 'What the caller pressed', '1'),
	t('domain_name', 'dni', 'Domain Name where DNI is installed', 'example.com'),
	t('campaign_name', 'call_begin', 'Campaign Name', 'Sales Campaign'),
	t('rec_audiourl', 'call_end', 'Audio URL: recording in mono MP3', 'https://audio.example.com/MP3/202110/demo.e123.4d3c.41de.123468.mp3'),
	t('rec_audiowavurl', 'call_end', 'Audio URL: recording in stereo WAV', 'https://audio.example.com/MP3/202110/demo.e123.4d3c.41de.123468.wav'),
	t('ani_is_valid', 'call_begin', 'Is Valid: 1 or 0', '1'),
	t('ani_line_type', 'call_begin', "Line Type: caller's line type", 'Mobile'),
	t('ani_carrier', 'call_begin', "Carrier: caller's carrier", 'Verizon Wireless'),
	t('ani_full_name', 'call_begin', "Full Name: caller's full name", 'Freddy Krueger'),
	t('ani_first_name', 'call_begin', "First Name: caller's first name", 'Freddy'),
	t('ani_middle_name', 'call_begin', "Middle Name: caller's middle name", 'Charles'),
	t('ani_last_name', 'call_begin', "Last Name: caller's last name", 'Krueger'),
	t('ani_type', 'call_begin', "Type: caller's home type (Single Family or Multi Family)", 'Single Family'),
	t('ani_street_line_1', 'call_begin', "Street Line 1: caller's address line 1", '1428 Elm Street'),
	t('ani_street_line_2', 'call_begin', "Street Line 2: caller's address line 2", 'Apt 2'),
	t('ani_city', 'call_begin', "City: caller's city", 'Springwood'),
	t('ani_zip', 'call_begin', "ZIP: caller's ZIP code", '50035'),
	t('ani_zip4', 'call_begin', "ZIP4: caller's ZIP plus 4", '1001'),
	t('ani_state', 'call_begin', "State: caller's state", 'Ohio'),
	t('ani_country_code', 'call_begin', "Country Code: caller's country code", 'US'),
	t('ani_street_number', 'call_begin', "Street Number: caller's street number", '1428'),
	t('ani_street_name', 'call_begin', "Street Name: caller's street name", 'Elm'),
	t('ani_street_type', 'call_begin', "Street Type: caller's street type", 'St'),
	t('ani_updated_at', 'call_begin', 'Updated At: when the caller information was last looked up', '13 Oct 2020 3:15:12 PM'),
	t('tags', 'call_begin', 'Tags: data used to identify and group campaigns', '', true),
	t('location_name', 'location_info', 'Location: name', 'Auto ID'),
	t('location_address_line_1', 'location_info', 'Location: address line 1', '157 Main Street'),
	t('location_address_line_2', 'location_info', 'Location: address line 2', 'Apt 4'),
	t('location_address_city', 'location_info', 'Location: city', 'Los Angeles'),
	t('location_address_zip', 'location_info', 'Location: ZIP', '91741'),
	t('location_address_state', 'location_info', 'Location: state', 'CA'),
	t('account_id', 'location_info', "Account ID: the client's account number", '26627332'),
	t('location_id', 'location_info', "Location ID: the client's location ID", '3242243'),
	t('page_id', 'dni', 'Page ID: unique ID of the web page', 'e14eb2bb-b829-4d19-bf5a-da76ccffbf4e'),
	t('page_converted_on', 'dni', 'Page Converted On: the page the customer called from', 'https://www.example.com/about_us.htm'),
	t('first_page_landed_on', 'dni', 'First Page Landed On: the first page of the visit', 'https://www.example.com'),
	t('vehicle_vin', 'dni', 'Vehicle Identifier (VIN)', '1C6RRFFG9KN909808'),
	t('vehicle_year', 'dni', 'Vehicle Year', '2019'),
	t('vehicle_make', 'dni', 'Vehicle Make', 'Ram'),
	t('vehicle_model', 'dni', 'Vehicle Model', '1500'),
	t('referral_domain', 'dni', 'Referral Domain: domain the user was referred from', 'facebook.com'),
	t('medium', 'dni', 'Medium Type: Paid, Organic, Direct, Referral or Other', 'Paid'),
	t('utm_source', 'dni', 'UTM Source: source of the traffic', 'google'),
	t('utm_medium', 'dni', 'UTM Medium: the medium, like social or newsletter', 'social'),
	t('utm_campaign', 'dni', 'UTM Campaign: the campaign the URL is part of', 'sales'),
	t('utm_content', 'dni', 'UTM Content: content the user is directed to', '123'),
	t('keyword', 'dni', 'Keyword: tracking keyword', 'air conditioning'),
	t('gclid', 'dni', 'GCLID: Google Click ID', 'xyz123'),
	t('ring_count', 'call_end', 'Ring Count: rings before answer', '4'),
	t('site_id', 'location_info', "AutoID's site identifier", '4567'),
	t('domain_id', 'location_info', "AutoID's location identifier", '1234'),
	t('visitor_browser_family', 'dni', 'Visitor: browser family', 'Firefox'),
	t('visitor_browser_version', 'dni', 'Visitor: browser version', '79'),
	t('visitor_device', 'dni', 'Visitor: device', 'Other'),
	t('visitor_country_code', 'dni', 'Visitor: country code', 'US'),
	t('visitor_region', 'dni', 'Visitor: region', 'CA'),
	t('visitor_city', 'dni', 'Visitor: city', 'Los Angeles'),
	t('visitor_ip_address', 'dni', 'Visitor: IP address', '47.156.108.175'),
	t('visitor_operating_system', 'dni', 'Visitor: operating system', 'Mac OS X'),
	t('visitor_lat', 'dni', 'Visitor: latitude', '34.153500'),
	t('visitor_long', 'dni', 'Visitor: longitude', '-117.845700'),
];

/** The recommended field name of a token (throws on a name that is not in the catalogue: a typo in code). */
export function fieldOf(token: string): string {
	const found = AUTOID_TOKENS.find((entry) => entry.token === token);
	if (!found) throw new Error(`Unknown AutoID token ${token}`);
	return found.field;
}

/** The root element of the recommended XML template. */
export const XML_TEMPLATE_ROOT = 'call';

/** The recommended JSON template: every token in a field of its own name, in AutoID's order. */
export function recommendedJsonTemplate(): string {
	const template: Record<string, string> = {};
	for (const { field, token } of AUTOID_TOKENS) template[field] = `%${token}%`;
	return JSON.stringify(template, null, 2);
}

/** The recommended XML template: the same fields as elements of one `<call>` element. */
export function recommendedXmlTemplate(): string {
	const lines = AUTOID_TOKENS.map(({ field, token }) => `  <${field}>%${token}%</${field}>`);
	return ['<?xml version="1.0" encoding="UTF-8"?>', `<${XML_TEMPLATE_ROOT}>`, ...lines, `</${XML_TEMPLATE_ROOT}>`].join('\n');
}
