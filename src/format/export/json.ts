import { printableJson } from '../terminal-text.js';
import { EXPORT_SCHEMA_VERSION, type ExportData } from './model.js';

/** The documented, versioned export: { schemaVersion, generatedAt, user, sessions, notes? }. */
export function exportJson(data: ExportData): string {
  // Notes of the exported questions only; `import` reads sessions and leaves notes alone.
  const ids = new Set(data.sessions.flatMap((s) => s.results.map((r) => r.questionId)));
  const notes = Object.fromEntries([...(data.notes ?? [])].filter(([id]) => ids.has(id)).sort(([a], [b]) => a.localeCompare(b)));
  const body = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    generatedAt: data.generatedAt,
    user: data.user,
    sessions: data.sessions,
    ...(Object.keys(notes).length ? { notes } : {}),
  };
  return `${printableJson(body, 2)}\n`;
}
