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

/** Section headers as M8Com writes them (matched case-insensitively), and whether they carry "name (number)". */
const SECTIONS: Record<string, { key: SectionKey; named: boolean }> = {
	'referred to': { key: 'referredTo', named: false },
	'referred by': { key: 'referredBy', named: false },
	'call to user': { key: 'callToUser', named: true },
	'call from': { key: 'callFrom', named: false },
	'call from user': { key: 'callFromUser', named: true },
	'call to': { key: 'callTo', named: false },
	'call to answer group': { key: 'callToAnswerGroup', named: true },
	'call from answer group': { key: 'callFromAnswerGroup', named: true },
	'm8com agent': { key: 'agent', named: false },
	'call type': { key: 'callType', named: false },
};

// The header must be followed directly by the colon, so "Call to" never swallows "Call to user: …".
const SECTION_LINE = new RegExp(`^(${Object.keys(SECTIONS).join('|')})[ \\t]*:[ \\t]*(.*)$`, 'i');

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** "Jane Doe (+46 70 123 45 67)" → name and number; text without a trailing "(…)" is all name. */
export function parseNamedNumber(text: string): NamedNumber {
	const match = /^(.*?)[ \t]*\(([^()]*)\)[ \t]*$/.exec(text.trim());
	if (!match) return { name: orNull(text), number: null };
	return { name: orNull(match[1]), number: orNull(match[2]) };
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
		const match = SECTION_LINE.exec(line.trim());
		if (match) lastSectionLine = index;
		return match;
	});

	lines.forEach((line, index) => {
		if (index > lastSectionLine) return; // the summary block, below
		const match = matches[index];
		const { key, named } = match ? SECTIONS[match[1].toLowerCase()] : { key: undefined, named: false };
		if (!match || !key || sections[key] !== null) {
			// Unknown lines, and a section seen a second time, are kept as they are.
			if (line.trim() !== '') sections.unrecognizedLines.push(line.trim());
			return;
		}
		(sections as unknown as Record<SectionKey, unknown>)[key] = named ? parseNamedNumber(match[2]) : orNull(match[2]);
	});

	sections.summary = orNull(lines.slice(lastSectionLine + 1).join('\n'));
	return sections;
}
