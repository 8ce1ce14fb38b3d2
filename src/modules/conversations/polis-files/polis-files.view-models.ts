import { polisAttribution } from '../../../lib/polis/index.js';
import type { ImportInfo } from '../conversations.repository.js';

/** ATTRIBUTION.txt in the ZIP of an imported conversation: its licence, attribution and source. */
export function attributionText(imported: Pick<ImportInfo, 'licence' | 'attribution' | 'sourceUrl'>): string {
  return `Licence: ${imported.licence}\n\n${imported.attribution}\n${imported.sourceUrl ? `\nSource: ${imported.sourceUrl}\n` : ''}`;
}

/** The import form as first shown: Polis open data's licence and the attribution it asks for. */
export function defaultImportValues(): Record<string, string> {
  return { licence: 'CC BY 4.0', attribution: polisAttribution([]) };
}

/** The file input a problem with the export belongs to, from the file its message names. */
export function importErrorField(message: string): 'comments' | 'votes' | 'summary' {
  return message.startsWith('votes.csv') ? 'votes' : message.startsWith('summary.csv') ? 'summary' : 'comments';
}
