/**
 * M8Com's call-log `body` is free text, one section per line ("Text in the body is subject to change"):
 *
 *   referred to: {{ phoneNumber }}                      Call from answer group: {{ agName }} ({{ phoneNumber }})
 *   referred by: {{ phoneNumber }}                      M8Com agent: {{ username }}
 *   Call to user: {{ username }} ({{ phoneNumber }})    Call type: {{ callType }}
 *   Call from: {{ phoneNumber }}                        <call summary, no header, at the end>
 *   Call from user: {{ username }} ({{ phoneNumber }})
 *   Call to: {{ phoneNumber }}
 *   Call to answer group: {{ agName }} ({{ phoneNumber }})
 *
 * Nothing is dropped: lines that match no section are kept in `unrecognizedLines`, and the trailing block after
 * the last recognised section is the call summary.
 */

/** A "name (number)" section: a user (username: an email, or first name and surname) or an answer group. */
export interface NamedNumber {
	name: string | null;
	number: string | null;
}

export interface CallLogSections {
	referredTo: string | null;
	referredBy: string | null;
	callToUser: NamedNumber | null;
	callFrom: string | null;
	callFromUser: NamedNumber | null;
	callTo: string | null;
	callToAnswerGroup: NamedNumber | null;
	callFromAnswerGroup: NamedNumber | null;
	agent: string | null;
	callType: string | null;
	summary: string | null;
	unrecognizedLines: string[];
}

type SectionKey = Exclude<keyof CallLogSections, 'summary' | 'unrecognizedLines'>;

interface Section {
	key: SectionKey;
	named: boolean;
}

/** Section headers as M8Com writes them (matched case-insensitively), and whether they carry "name (number)". */
const SECTIONS = new Map<string, Section>([
	['referred to', { key: 'referredTo', named: false }],
	['referred by', { key: 'referredBy', named: false }],
	['call to user', { key: 'callToUser', named: true }],
	['call from', { key: 'callFrom', named: false }],
	['call from user', { key: 'callFromUser', named: true }],
	['call to', { key: 'callTo', named: false }],
	['call to answer group', { key: 'callToAnswerGroup', named: true }],
	['call from answer group', { key: 'callFromAnswerGroup', named: true }],
	['m8com agent', { key: 'agent', named: false }],
	['call type', { key: 'callType', named: false }],
]);

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** Spaces and tabs around a header, the only blanks M8Com puts there. */
const trimBlanks = (text: string): string => {
	let start = 0;
	let end = text.length;
	while (start < end && (text[start] === ' ' || text[start] === '\t')) start += 1;
	while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end -= 1;
	return text.slice(start, end);
};

/**
 * A line "Header: value" whose header is one of the sections: the header must be followed directly by the colon
 * (blanks aside), so "Call to" never swallows "Call to user: …". Split at the first colon, no regular
 * expression: a line has one header, and the lookup is one Map access.
 */
function sectionLine(line: string): { section: Section; value: string } | undefined {
	const colon = line.indexOf(':');
	if (colon < 0) return undefined;
	const section = SECTIONS.get(trimBlanks(line.slice(0, colon)).toLowerCase());
	return section ? { section, value: trimBlanks(line.slice(colon + 1)) } : undefined;
}

/**
 * "Jane Doe (+46 70 123 45 67)" → name and number; text without a trailing "(…)" is all name. Read from the end
 * (the last "(" and the closing ")"), in one pass: the regular expression it replaces backtracked
 * quadratically on a name followed by many spaces.
 */
export function parseNamedNumber(text: string): NamedNumber {
	const trimmed = text.trim();
	const open = trimmed.endsWith(')') ? trimmed.lastIndexOf('(') : -1;
	const inside = open < 0 ? '' : trimmed.slice(open + 1, -1);
	if (open < 0 || inside.includes(')')) return { name: orNull(text), number: null };
	return { name: orNull(trimmed.slice(0, open)), number: orNull(inside) };
}

export function emptySections(): CallLogSections {
	return {
		referredTo: null,
		referredBy: null,
		callToUser: null,
		callFrom: null,
		callFromUser: null,
		callTo: null,
		callToAnswerGroup: null,
		callFromAnswerGroup: null,
		agent: null,
		callType: null,
		summary: null,
		unrecognizedLines: [],
	};
}

export function parseCallLogBody(body: string): CallLogSections {
	const sections = emptySections();
	const lines = body.split(/\r\n|\r|\n/);
	let lastSectionLine = -1;
	const matches = lines.map((line, index) => {
		const match = sectionLine(line.trim());
		if (match) lastSectionLine = index;
		return match;
	});

	lines.forEach((line, index) => {
		if (index > lastSectionLine) return; // the summary block, below
		const match = matches[index];
		if (!match || sections[match.section.key] !== null) {
			// Unknown lines, and a section seen a second time, are kept as they are.
			if (line.trim() !== '') sections.unrecognizedLines.push(line.trim());
			return;
		}
		const { key, named } = match.section;
		(sections as unknown as Record<SectionKey, unknown>)[key] = named ? parseNamedNumber(match.value) : orNull(match.value);
	});

	sections.summary = orNull(lines.slice(lastSectionLine + 1).join('\n'));
	return sections;
}
