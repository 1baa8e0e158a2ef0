// The built CLI against a Chat Completions server on 127.0.0.1: the client library loads from its own chunk only
// when a model is configured, `ai check` reports, `grade --json` carries the model's verdicts and --no-ai sends nothing.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, REPO, cliEnv, runCli, type CliResult } from '../helpers/cli.js';
import { tinyBank } from '../helpers/bank.js';
import { completion, errorReply, startChatServer, type ChatServer } from '../helpers/chat-server.js';
import { tempDir } from '../helpers/temp.js';

/** The CLI run asynchronously: the server it talks to lives in this process. */
function runCliAsync(args: string[], home: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: cliEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const servers: ChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('the model through the built CLI', () => {
  it('ai check, grade --json with the model, grade --no-ai, and an HTTP 500 ending in one line', async () => {
    const grade = JSON.stringify({
      keyPoints: [{ index: 0, covered: true, evidence: 'I state the idea directly and explain why it works' }],
      feedback: 'Direct and clear.',
    });
    let failing = false;
    const server = await startChatServer((req) =>
      failing
        ? errorReply(500, 'boom', { 'retry-after-ms': '1' })
        : req.body.response_format?.json_schema?.name === 'ping'
          ? completion('{"ok":true}', 'served-model')
          : completion(grade),
    );
    servers.push(server);
    const home = tempDir();
    const bank = tinyBank();
    const answer = join(tempDir(), 'answer.txt');
    writeFileSync(answer, 'I state the idea directly and explain why it works in practice.\n');

    expect(runCli(['ai', 'nope'], { configHome: home })).toMatchObject({
      code: 2,
      stderr: 'mle-prep: <action> must be one of check (got "nope").\n(run with --help for usage)\n',
    });
    const none = runCli(['ai', 'check'], { configHome: home });
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toBe(
      'mle-prep: no model is configured; set one with `mle-prep config ai.url http://localhost:11434/v1` and `mle-prep config ai.model <name>`.\n',
    );
    expect(runCli(['config', 'ai.url', server.url], { configHome: home }).code).toBe(0);
    expect(runCli(['config', 'ai.model', 'test-model'], { configHome: home }).code).toBe(0);

    const check = await runCliAsync(['ai', 'check'], home, { MLE_PREP_AI_KEY: 'sk-e2e' });
    expect(check).toMatchObject({ code: 0, stderr: '' });
    expect(check.stdout).toMatch(/model: +served-model\nkey: +from the environment\nlatency: +\d+ ms\nstructured output: yes\n$/);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-e2e');

    const graded = await runCliAsync(['grade', 'alpha-first', '--answer-file', answer, '--json', '--no-bundled', '--bank', bank], home);
    expect(graded.stderr).toBe('');
    const json = JSON.parse(graded.stdout);
    expect(json.keyPoints.map((k: { source: string }) => k.source)).toEqual(['ai', 'offline', 'offline']);
    expect(json.feedback).toBe('Direct and clear.');

    const before = server.requests.length;
    const offline = await runCliAsync(['grade', 'alpha-first', '--answer-file', answer, '--json', '--no-ai', '--no-bundled', '--bank', bank], home);
    expect(JSON.parse(offline.stdout)).not.toHaveProperty('feedback');
    expect(server.requests.length).toBe(before);

    failing = true;
    const failed = await runCliAsync(['grade', 'alpha-first', '--answer-file', answer, '--no-bundled', '--bank', bank], home);
    expect(failed.code).toBe(0);
    expect(failed.stderr).toMatch(/^mle-prep: the model server at 127\.0\.0\.1:\d+ answered HTTP 500; showing the offline suggestions\.\n$/);
    expect(failed.stdout).toMatch(/^alpha-first: 1 of 3 key points look covered/);
  });
});
