// One chat request to an OpenAI-compatible server through the `openai` package, imported only here and only when a
// model is configured (so nothing of it loads, and nothing is sent, otherwise). Every way the request can fail comes
// back as an AiFailure with one sentence, for the caller to print before it falls back to the offline suggestions.
import type { AiConnection } from './settings.js';

const AI_FAILURE = Symbol.for('mle-prep.ai-failure');

export class AiFailure extends Error {
  readonly [AI_FAILURE] = true;
  constructor(message: string) {
    super(message);
    this.name = 'AiFailure';
  }
}

/**
 * Whether an error is an AiFailure. Not instanceof: a command and the interviewer it loads later are separate built
 * files, each with its own copy of the class.
 */
export function isAiFailure(error: unknown): error is AiFailure {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[AI_FAILURE] === true;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Asks for structured output against this JSON schema; a server that refuses it is asked again without. */
  schema: { name: string; schema: Record<string, unknown> };
  maxTokens: number;
  /** Stops the request early (Ctrl-C); the configured timeout applies either way. */
  signal?: AbortSignal;
}

export interface ChatReply {
  content: string;
  /** The model the server says answered. */
  model: string;
  /** Whether the server accepted the JSON schema (structured output) rather than being asked for plain JSON. */
  structured: boolean;
}

/**
 * Headers the client library adds by default that describe this machine (OS, architecture, Node version): not
 * needed by any server, so not sent.
 */
const MACHINE_HEADERS = [
  'X-Stainless-Lang',
  'X-Stainless-Package-Version',
  'X-Stainless-OS',
  'X-Stainless-Arch',
  'X-Stainless-Runtime',
  'X-Stainless-Runtime-Version',
];

function describeServer(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

type OpenAIModule = typeof import('openai');

/** One sentence for whatever the request threw. */
function failureFor(error: unknown, lib: OpenAIModule, connection: AiConnection, timedOut: boolean, stopped: boolean): AiFailure {
  const server = describeServer(connection.url);
  const seconds = Math.round(connection.timeoutMs / 100) / 10;
  if (timedOut || error instanceof lib.APIConnectionTimeoutError) return new AiFailure(`the model at ${server} did not answer within ${seconds} s`);
  if (stopped || error instanceof lib.APIUserAbortError) return new AiFailure('the request to the model was stopped');
  if (error instanceof lib.APIConnectionError) {
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code ?? (error.cause as { cause?: NodeJS.ErrnoException } | undefined)?.cause?.code;
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host not found' : code ? code : 'connection failed';
    return new AiFailure(`could not reach the model at ${server} (${why})`);
  }
  if (error instanceof lib.APIError && typeof error.status === 'number') {
    const status = error.status;
    const hint =
      status === 401 || status === 403
        ? `; check the key in ${connection.apiKey ? 'MLE_PREP_AI_KEY or OPENAI_API_KEY' : 'MLE_PREP_AI_KEY (none is set)'}`
        : status === 404
          ? `; check ai.url and that the model "${connection.model}" exists there`
          : status === 429
            ? '; the server is rate limiting, try again later'
            : '';
    return new AiFailure(`the model server at ${server} answered HTTP ${status}${hint}`);
  }
  if (error instanceof SyntaxError) return new AiFailure(`the model server at ${server} sent a reply that is not JSON`);
  return new AiFailure(`the request to the model at ${server} failed: ${(error as Error)?.message ?? String(error)}`);
}

/** Sends one chat request; resolves with the reply's text or rejects with an AiFailure. */
export async function chat(connection: AiConnection, request: ChatRequest): Promise<ChatReply> {
  const lib: OpenAIModule = await import('openai');
  const headers: Record<string, null> = Object.fromEntries(MACHINE_HEADERS.map((h) => [h, null]));
  // Local servers need no key; the library insists on one unless the Authorization header is left out explicitly.
  if (!connection.apiKey) headers.Authorization = null;
  const client = new lib.OpenAI({
    baseURL: connection.url,
    apiKey: connection.apiKey ?? 'unused',
    organization: null,
    project: null,
    timeout: connection.timeoutMs,
    // One retry for a 429 or 5xx; the overall deadline below still bounds the wait.
    maxRetries: 1,
    defaultHeaders: headers,
  });
  // The configured timeout bounds the whole exchange, retries included, so a quiz never waits longer than that.
  const deadline = AbortSignal.timeout(connection.timeoutMs);
  const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
  const send = async (structured: boolean) => {
    const completion = await client.chat.completions.create(
      {
        model: connection.model,
        messages: request.messages,
        max_tokens: request.maxTokens,
        temperature: 0,
        ...(structured
          ? { response_format: { type: 'json_schema' as const, json_schema: { name: request.schema.name, schema: request.schema.schema, strict: true } } }
          : {}),
      },
      { signal },
    );
    const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
    const content = choice?.message?.content;
    if (typeof content !== 'string' || content.trim() === '') throw new AiFailure(`the model at ${describeServer(connection.url)} sent an empty reply`);
    return { content, model: typeof completion.model === 'string' && completion.model ? completion.model : connection.model, structured };
  };
  try {
    try {
      return await send(true);
    } catch (error) {
      // Servers without structured output reject response_format (400 or 422); they get the plain request.
      if (error instanceof lib.BadRequestError || error instanceof lib.UnprocessableEntityError) return await send(false);
      throw error;
    }
  } catch (error) {
    if (isAiFailure(error)) throw error;
    throw failureFor(error, lib, connection, deadline.aborted, request.signal?.aborted ?? false);
  }
}
