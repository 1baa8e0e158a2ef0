// A Chat Completions server on 127.0.0.1 for the tests: it speaks the wire format (JSON bodies, error statuses)
// so the real client library runs against it. Each test scripts the replies; every request is recorded.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: a request body as the client sent it, read field by field in tests
  body: Record<string, any>;
}

/** What the server does with one request: a reply, or nothing until the test ends (a model that never answers). */
export type Reply = { status?: number; json?: unknown; raw?: string; headers?: Record<string, string> } | 'hang';

export interface ChatServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A chat completion whose message is `content`, as OpenAI-compatible servers send it. */
export function completion(content: string, model = 'test-model'): Reply {
  return {
    json: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_764_748_800,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  };
}

export function errorReply(status: number, message = 'error', headers: Record<string, string> = {}): Reply {
  return { status, json: { error: { message, type: 'error', code: null } }, headers };
}

/** Starts a server answering each request with `reply(request, n)` (n counts requests from 0). */
export async function startChatServer(reply: (request: RecordedRequest, n: number) => Reply): Promise<ChatServer> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      let body: RecordedRequest['body'] = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = { unparsed: text };
      }
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      const answer = reply(request, requests.length - 1);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      const payload = answer.raw ?? JSON.stringify(answer.json ?? {});
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An address on 127.0.0.1 where nothing listens (a server started and closed), for the refused connection. */
export async function refusedUrl(): Promise<string> {
  const server = await startChatServer(() => ({ json: {} }));
  const url = server.url;
  await server.close();
  return url;
}
