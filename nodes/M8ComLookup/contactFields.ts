import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * The "Contact found" form of Respond to M8Com Lookup: every Basic field of M8Com's Insights answer, mappable
 * in the editor, and the reader that turns the parameters back into an Insights-shaped object.
 */

const showForContact = { show: { respondWith: ['contact'] } };

const idCommentList = (displayName: string, name: string, idName: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: `Add ${idName}`,
	default: {},
	options: [
		{
			displayName: idName,
			name: 'values',
			values: [
				{ displayName: idName, name: 'id', type: 'string', default: '', placeholder },
				{
					displayName: 'Comment',
					name: 'comment',
					type: 'string',
					default: '',
					placeholder: 'Work',
					description: 'Where it is used, e.g. Work or Personal',
				},
			],
		},
	],
});

const createUrlList = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Link',
	default: {},
	description,
	options: [
		{
			displayName: 'Link',
			name: 'values',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'Create note', description: 'Name of the button' },
				{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'https://crm.example.com/notes/new?contact=42' },
			],
		},
	],
});

export const contactProperties: INodeProperties[] = [
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: showForContact,
		placeholder: 'Maria Andersson',
		description: "The contact's name as M8Com shows it",
	},
	{
		displayName: 'Contact Fields',
		name: 'contactFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showForContact,
		options: [
			{
				displayName: 'Activities (JSON)',
				name: 'activities',
				type: 'json',
				default: '[]',
				description:
					'A list of activities (NOTE, TASK, CALL, TICKET, DEAL, APPOINTMENT) as M8Com defines them, e.g. built in a Code node; to map them field by field instead, use Activities below. At most 10 per type are sent, newest first; timestamps in seconds are converted to milliseconds.',
			},
			{ displayName: 'Avatar URL', name: 'avatarUrl', type: 'string', default: '', description: 'Image shown as the contact\'s avatar instead of initials' },
			{
				displayName: 'Company Name',
				name: 'companyName',
				type: 'string',
				default: '',
				placeholder: 'Acme Inc.',
			},
			{
				displayName: 'Company Title',
				name: 'companyTitle',
				type: 'string',
				default: '',
				placeholder: 'Insights Engineer',
				description: "The contact's title at the company",
			},
			{ displayName: 'Cover Photo URL', name: 'coverPhotoUrl', type: 'string', default: '' },
			createUrlList(
				'Create Activity Links',
				'createActivityUrls',
				'Buttons that open the CRM\'s "create" page for an activity of this contact',
			),
			createUrlList(
				'Create Activity Links (Deprecated Field)',
				'createActivityUrl',
				'Sent as the deprecated createActivityUrl field, for M8Com set-ups that still read it',
			),
			idCommentList('Emails', 'emails', 'Email', 'maria@acme.example'),
			{
				displayName: 'Fields',
				name: 'fields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Field',
				default: {},
				description: 'Additional information about the contact',
				options: [
					{
						displayName: 'Field',
						name: 'values',
						values: [
							{ displayName: 'Title', name: 'title', type: 'string', default: '', placeholder: 'Customer Number' },
							{ displayName: 'Comment', name: 'comment', type: 'string', default: '', placeholder: 'C-1042' },
						],
					},
				],
			},
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{
				displayName: 'More Info URL',
				name: 'moreInfoUrl',
				type: 'string',
				default: '',
				placeholder: 'https://crm.example.com/contacts/42',
				description: 'Link to the contact in the CRM',
			},
			idCommentList('Phone Numbers', 'phoneNumbers', 'Phone Number', '+46 70 123 45 67'),
		],
	},
];

const listValues = (collection: unknown): IDataObject[] =>
	((collection as { values?: IDataObject[] } | undefined)?.values ?? []) as IDataObject[];

/** Reads the "Contact found" parameters of one item into an (unvalidated) Insights object. */
export function readContactParameters(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = context.getNodeParameter('contactFields', itemIndex, {}) as IDataObject;
	const insights: IDataObject = {
		displayName: context.getNodeParameter('displayName', itemIndex, ''),
		firstName: fields.firstName,
		lastName: fields.lastName,
		avatarUrl: fields.avatarUrl,
		coverPhotoUrl: fields.coverPhotoUrl,
		moreInfoUrl: fields.moreInfoUrl,
	};
	for (const key of ['emails', 'phoneNumbers', 'fields', 'createActivityUrls', 'createActivityUrl']) {
		const values = listValues(fields[key]);
		if (values.length > 0) insights[key] = values;
	}
	if (fields.companyName || fields.companyTitle) {
		insights.companyInfo = { name: fields.companyName, title: fields.companyTitle };
	}
	if (fields.activities !== undefined && fields.activities !== '') {
		insights.activities =
			typeof fields.activities === 'string' ? parseJsonOrKeep(fields.activities) : fields.activities;
	}
	return insights;
}

/** Invalid JSON is handed on as it is, so the shaping step reports it like any other invalid part. */
function parseJsonOrKeep(value: string): IDataObject[] | string {
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}
