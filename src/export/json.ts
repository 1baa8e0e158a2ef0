import { printableJson } from '../ui/terminal-text.js';
import { EXPORT_SCHEMA_VERSION, type ExportData } from './model.js';

/** The documented, versioned export: { schemaVersion, generatedAt, user, sessions }. */
export function exportJson(data: ExportData): string {
  return `${printableJson({ schemaVersion: EXPORT_SCHEMA_VERSION, generatedAt: data.generatedAt, user: data.user, sessions: data.sessions }, 2)}\n`;
}
