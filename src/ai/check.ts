// `mle-prep ai check`: one tiny request that shows whether the configured model answers, how fast, and whether the
// server honours structured output (otherwise replies are parsed as plain JSON, which weaker models get wrong more).
import { Ajv } from 'ajv';
import { chat, isAiFailure } from './client.js';
import { parseReply } from './interviewer.js';
import type { AiConnection } from './settings.js';

const PING_SCHEMA = { type: 'object', additionalProperties: false, required: ['ok'], properties: { ok: { type: 'boolean' } } } as const;

export interface CheckResult {
  model: string;
  latencyMs: number;
  /** The server accepted the JSON schema (response_format json_schema). */
  structured: boolean;
  /** The reply was the JSON asked for. */
  jsonReply: boolean;
}

export async function checkModel(connection: AiConnection, now: () => number = () => performance.now()): Promise<CheckResult> {
  const start = now();
  const reply = await chat(connection, {
    messages: [
      { role: 'system', content: 'Reply with exactly this JSON object and nothing else: {"ok":true}' },
      { role: 'user', content: 'ping' },
    ],
    schema: { name: 'ping', schema: PING_SCHEMA },
    maxTokens: 20,
  });
  const latencyMs = Math.round(now() - start);
  let jsonReply: boolean;
  try {
    jsonReply = new Ajv({ strict: true }).validate(PING_SCHEMA, parseReply(reply.content));
  } catch (error) {
    if (!isAiFailure(error)) throw error;
    jsonReply = false;
  }
  return { model: reply.model, latencyMs, structured: reply.structured, jsonReply };
}
