import { EXPORT_SCHEMA_VERSION, type ExportData } from './model.js';

/** The documented, versioned export: { schemaVersion, generatedAt, user, sessions }. */
export function exportJson(data: ExportData): string {
  return `${JSON.stringify({ schemaVersion: EXPORT_SCHEMA_VERSION, generatedAt: data.generatedAt, user: data.user, sessions: data.sessions }, null, 2)}\n`;
}
