// The model inside a session and the commands: verdicts pre-tick the checklist, feedback and follow-ups are saved
// with the result and shown in the feedback and exports, and a failing model costs one line, never an answer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/bank/types.js';
import { runAiCheck } from '../../src/commands/ai.js';
import { runConfig } from '../../src/commands/config.js';
import { runGrade } from '../../src/commands/grade.js';
import { withGradingAids, type InteractiveSession } from '../../src/services/practice.js';
import { CliError, UsageError } from '../../src/errors.js';
import { exportHtml } from '../../src/format/export/html.js';
import { exportMarkdown } from '../../src/format/export/markdown.js';
import { pipedIO } from '../helpers/command-io.js';
import { formatMockFeedback } from '../../src/format/mock-feedback.js';
import { runSession, SessionInterrupted, type AskOutcome, type QuestionContext, type SessionUI } from '../../src/session/run.js';
import type { SessionRecord } from '../../src/session/types.js';
import { tinyBank } from '../helpers/bank.js';
import { completion, errorReply, startChatServer, type ChatServer, type RecordedRequest, type Reply } from '../helpers/chat-server.js';
import { question } from '../helpers/questions.js';
import { tempDir } from '../helpers/temp.js';

let home: string;
let bankDir: string;
beforeAll(() => {
  home = tempDir();
  bankDir = tinyBank();
});

const servers: ChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(reply: (body: RecordedRequest['body'], n: number) => Reply): Promise<ChatServer> {
  const server = await startChatServer((req, n) => reply(req.body, n));
  servers.push(server);
  return server;
}

function fakeIO(user: string, env: Record<string, string> = {}) {
  return pipedIO(home, { env: { MLE_PREP_USER: user, ...env } });
}

const drift = question('drift', {
  prompt: 'How do you detect data drift in production?',
  keyPoints: ['Compares live feature distributions with the training data', 'Uses PSI with a threshold such as 0.2', 'Alerts and retrains on a schedule'],
  keyPointAliases: [[], ['population stability index'], []],
  followUps: ['How would you choose the threshold?'],
});
const ANSWER = 'I would compare the live feature distributions with the training data every day.';
const GRADE = JSON.stringify({
  keyPoints: [
    { index: 0, covered: true, evidence: 'compare the live feature distributions with the training data' },
    { index: 1, covered: true, evidence: 'I compute PSI every hour.' },
    { index: 2, covered: false, evidence: '' },
  ],
  feedback: 'Clear on what to compare. An interviewer would ask which statistic and which threshold.',
});
const byKind = (body: RecordedRequest['body']) =>
  body.response_format?.json_schema?.name ?? (JSON.parse(body.messages[1].content).suggestedFollowUps ? 'follow_up_question' : 'key_point_grade');

/** A scripted user: answers every question with `answer`, replies to a follow-up, ticks what was suggested. */
function scriptedUI(clock: { now: number }, options: { followUpReply?: string; interruptFollowUp?: boolean } = {}) {
  const seen = { suggestions: [] as QuestionContext['suggestions'][], followUps: [] as string[], waiting: [] as string[] };
  const ui: SessionUI = {
    async ask(): Promise<AskOutcome> {
      clock.now += 30_000;
      return { timedOut: false, text: ANSWER };
    },
    async reveal() {},
    async tickKeyPoints(_q: Question, context: QuestionContext) {
      seen.suggestions.push(context.suggestions);
      return (context.suggestions ?? []).filter((s) => s.covered).map((s) => s.index);
    },
    async afterResult() {},
    waiting: (what) => void seen.waiting.push(what),
    async askFollowUp(_q: Question, followUp: string): Promise<AskOutcome> {
      seen.followUps.push(followUp);
      if (options.interruptFollowUp) throw new SessionInterrupted();
      clock.now += 20_000;
      return { timedOut: false, text: options.followUpReply ?? 'I would backtest it on past incidents.' };
    },
  };
  return { ui, seen };
}

function session(url: string | undefined, extra: Partial<InteractiveSession> = {}): InteractiveSession {
  return {
    mode: 'quiz',
    user: 'ai-tester',
    filters: { seed: 1 },
    bank: [drift],
    latest: new Map(),
    plan: { questions: [drift], limitFor: () => 300 },
    ...(url ? { ai: { url, model: 'test-model', timeoutMs: 2000 } } : {}),
    ...extra,
  } as InteractiveSession;
}

describe('a session with a model', () => {
  it('pre-ticks the verdicts whose evidence holds, and saves the feedback with the result', async () => {
    const server = await serve(() => completion(GRADE));
    const clock = { now: 0 };
    const { ui, seen } = scriptedUI(clock);
    const { io, out } = fakeIO('ai-tester');
    const run = await runSession(withGradingAids(session(server.url), io, new AbortController().signal), ui, () => clock.now);
    expect(seen.waiting).toEqual(['grading']);
    expect(seen.suggestions[0]!.map((s) => [s.covered, s.source])).toEqual([
      [true, 'ai'],
      [false, 'ai'],
      [false, 'ai'],
    ]);
    expect(run.results[0]).toMatchObject({
      status: 'answered',
      answer: ANSWER,
      keyPointsSuggested: [0],
      keyPointsSuggestedBy: 'ai',
      keyPointsCovered: [0],
      feedback: 'Clear on what to compare. An interviewer would ask which statistic and which threshold.',
    });
    expect(run.results[0]!.followUp).toBeUndefined();
    expect(out.stderr).toBe('');
  });

  it('falls back to the offline suggestions with one line when the model fails, and asks it no more that session', async () => {
    const server = await serve(() => errorReply(401, 'no'));
    const clock = { now: 0 };
    const { ui, seen } = scriptedUI(clock);
    const { io, out } = fakeIO('ai-tester');
    const two = session(server.url, { plan: { questions: [drift, { ...drift, id: 'drift-2' }], limitFor: () => 300 } });
    const run = await runSession(withGradingAids(two, io, new AbortController().signal), ui, () => clock.now);
    expect(out.stderr).toMatch(
      /^mle-prep: the model server at 127\.0\.0\.1:\d+ answered HTTP 401; check the key in MLE_PREP_AI_KEY \(none is set\); using the offline suggestions for the rest of this session\.\n$/,
    );
    expect(server.requests).toHaveLength(1);
    expect(seen.suggestions.flatMap((list) => list!.filter((s) => s.source !== undefined))).toEqual([]);
    expect(run.results.map((r) => [r.status, r.answer, r.keyPointsSuggestedBy, r.feedback])).toEqual([
      ['answered', ANSWER, undefined, undefined],
      ['answered', ANSWER, undefined, undefined],
    ]);
  });

  it('asks without the model when none is configured (nothing is sent)', async () => {
    const clock = { now: 0 };
    const { ui, seen } = scriptedUI(clock);
    const { io } = fakeIO('ai-tester');
    await runSession(withGradingAids(session(undefined, { followUps: true }), io, new AbortController().signal), ui, () => clock.now);
    expect(seen.waiting).toEqual([]);
    expect(seen.followUps).toEqual([]);
  });
});

describe('follow-ups in a mock interview', () => {
  const mock = (url: string) =>
    session(url, {
      mode: 'mock',
      followUps: true,
      plan: { questions: [drift], limitFor: () => 300, deferReview: true, softLimits: true, sessionDeadline: 45 * 60_000 },
    });

  it('asks one follow-up after the answer on the same clock, and saves it with its reply', async () => {
    const server = await serve((body) => (byKind(body) === 'follow_up_question' ? completion('{"followUp":"Which threshold, and why?"}') : completion(GRADE)));
    const clock = { now: 0 };
    const { ui, seen } = scriptedUI(clock);
    const { io } = fakeIO('ai-tester');
    const run = await runSession(withGradingAids(mock(server.url), io, new AbortController().signal), ui, () => clock.now);
    expect(seen.waiting).toEqual(['follow-up', 'grading']);
    expect(seen.followUps).toEqual(['Which threshold, and why?']);
    expect(run.results[0]).toMatchObject({
      status: 'answered',
      answer: ANSWER,
      timeSeconds: 50,
      followUp: { question: 'Which threshold, and why?', answer: 'I would backtest it on past incidents.' },
    });
    const prompt = JSON.parse(server.requests[0]!.body.messages[1].content);
    expect(prompt).toEqual({ question: drift.prompt, suggestedFollowUps: drift.followUps, candidateAnswer: ANSWER });
  });

  it('keeps the answer when the user stops during the follow-up', async () => {
    const server = await serve(() => completion('{"followUp":"Which threshold?"}'));
    const clock = { now: 0 };
    const { ui } = scriptedUI(clock, { interruptFollowUp: true });
    const { io } = fakeIO('ai-tester');
    const run = await runSession(withGradingAids(mock(server.url), io, new AbortController().signal), ui, () => clock.now);
    expect(run.completed).toBe(false);
    expect(run.results).toEqual([expect.objectContaining({ status: 'ungraded', answer: ANSWER })]);
  });

  it('goes on without a follow-up when the model times out, with one line', async () => {
    const server = await serve(() => 'hang');
    const clock = { now: 0 };
    const { ui, seen } = scriptedUI(clock);
    const { io, out } = fakeIO('ai-tester');
    const slow = mock(server.url);
    slow.ai = { ...slow.ai!, timeoutMs: 100 };
    const run = await runSession(withGradingAids(slow, io, new AbortController().signal), ui, () => clock.now);
    expect(seen.followUps).toEqual([]);
    expect(out.stderr).toMatch(/did not answer within 0\.1 s; no follow-up questions for the rest of this session\.\n$/);
    expect(run.results[0]).toMatchObject({ status: 'answered', answer: ANSWER });
  });

  it('shows the follow-up and the feedback in the mock feedback and the exports', () => {
    const record: SessionRecord = {
      id: 'mock-1',
      user: 'ai-tester',
      mode: 'mock',
      startedAt: '2026-12-03T09:00:00.000Z',
      finishedAt: '2026-12-03T09:45:00.000Z',
      completed: true,
      filters: { minutes: 45 },
      score: 1 / 3,
      results: [
        {
          questionId: 'drift',
          topic: 'alpha',
          difficulty: 'beginner',
          type: 'open',
          score: 1 / 3,
          timeSeconds: 50,
          timedOut: false,
          status: 'answered',
          answer: ANSWER,
          keyPointsCovered: [0],
          keyPointsTotal: 3,
          feedback: 'Clear on what to compare.',
          followUp: { question: 'Which <threshold>, and why?', answer: 'Backtest it.' },
        },
      ],
    };
    const questions = new Map([[drift.id, drift]]);
    const text = formatMockFeedback(record, questions, { color: new Chalk({ level: 0 }), width: 80 });
    expect(text).toContain('   Follow-up: Which <threshold>, and why?\n   You: Backtest it.\n   Model: Clear on what to compare.');
    const data = { user: 'ai-tester', generatedAt: record.finishedAt, sessions: [record], questions };
    expect(exportMarkdown(data)).toContain('**Follow-up.** Which &lt;threshold>, and why?\n\n> Backtest it.');
    expect(exportMarkdown(data)).toContain('**Interviewer feedback (model).**\n\n> Clear on what to compare.');
    expect(exportHtml(data)).toContain('<strong>Follow-up:</strong> Which &lt;threshold&gt;, and why?</p><blockquote>Backtest it.</blockquote>');
    expect(exportHtml(data)).toContain('<p><strong>Interviewer feedback (model)</strong></p><blockquote>Clear on what to compare.</blockquote>');
  });
});

describe('commands', () => {
  const bank = () => ({ bundled: false, bank: [bankDir] });
  const answerFile = () => {
    const dir = tempDir();
    const file = join(dir, 'answer.txt');
    writeFileSync(file, 'I state the idea directly and explain why it works in practice.\n');
    return file;
  };

  it('config stores ai.url, ai.model and ai.timeout (never a key), shows them, and removes them with off', async () => {
    const { io, out } = fakeIO('cfg', { MLE_PREP_AI_KEY: 'sk-secret-value' });
    await runConfig('ai.url', 'http://localhost:11434/v1', {}, io);
    await runConfig('ai.model', 'llama3.1', {}, io);
    await runConfig('ai.timeout', '30', {}, io);
    expect(out.stdout).toBe('ai.url = http://localhost:11434/v1 for cfg\nai.model = llama3.1 for cfg\nai.timeout = 30 for cfg\n');
    const file = readFileSync(join(home, 'mle-prep', 'profile-cfg.json'), 'utf8');
    expect(JSON.parse(file).settings.ai).toEqual({ url: 'http://localhost:11434/v1', model: 'llama3.1', timeout: 30 });
    expect(file).not.toContain('sk-secret');
    await expect(runConfig('ai.url', 'localhost:11434', {}, io)).rejects.toThrow(
      new UsageError('ai.url must be an http:// or https:// address, such as http://localhost:11434/v1 (got "localhost:11434").'),
    );
    await expect(runConfig('ai.timeout', '0', {}, io)).rejects.toThrow(UsageError);
    const shown = fakeIO('cfg');
    await runConfig(undefined, undefined, {}, shown.io);
    expect(shown.out.stdout).toContain('ai.model = llama3.1  # the model to ask at ai.url');
    await runConfig('ai.url', 'off', {}, io);
    expect(out.stdout).toMatch(/ai\.url = off \(default\) for cfg\n$/);
    expect(JSON.parse(readFileSync(join(home, 'mle-prep', 'profile-cfg.json'), 'utf8')).settings.ai).toEqual({ model: 'llama3.1', timeout: 30 });
  });

  it('grade --json marks each key point ai or offline and adds the feedback; --no-ai leaves the model out', async () => {
    const reply = JSON.stringify({
      keyPoints: [{ index: 0, covered: true, evidence: 'I state the idea directly and explain why it works' }],
      feedback: 'Direct. Probe the trade-offs.',
    });
    const server = await serve(() => completion(reply));
    const setup = fakeIO('grader');
    await runConfig('ai.url', server.url, {}, setup.io);
    await runConfig('ai.model', 'test-model', {}, setup.io);
    const file = answerFile();
    const withModel = fakeIO('grader');
    expect(await runGrade('alpha-first', { answerFile: file, json: true, ...bank() }, withModel.io)).toBe(0);
    const json = JSON.parse(withModel.out.stdout);
    expect(json.keyPoints.map((k: { source: string; covered: boolean }) => [k.source, k.covered])).toEqual([
      ['ai', true],
      ['offline', false],
      ['offline', false],
    ]);
    expect(json).toMatchObject({ feedback: 'Direct. Probe the trade-offs.', model: 'test-model' });
    expect(server.requests).toHaveLength(1);

    const offline = fakeIO('grader');
    await runGrade('alpha-first', { answerFile: file, json: true, ai: false, ...bank() }, offline.io);
    expect(JSON.parse(offline.out.stdout).feedback).toBeUndefined();
    expect(JSON.parse(offline.out.stdout).keyPoints[0].source).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('grade falls back to the offline suggestions with one line when the model fails', async () => {
    const server = await serve(() => ({ raw: 'not json at all' }));
    const setup = fakeIO('grader-2');
    await runConfig('ai.url', server.url, {}, setup.io);
    await runConfig('ai.model', 'test-model', {}, setup.io);
    const { io, out } = fakeIO('grader-2');
    expect(await runGrade('alpha-first', { answerFile: answerFile(), json: true, ...bank() }, io)).toBe(0);
    expect(out.stderr).toMatch(/^mle-prep: the model server at 127\.0\.0\.1:\d+ sent a reply that is not JSON; showing the offline suggestions\.\n$/);
    const json = JSON.parse(out.stdout);
    expect(json.feedback).toBeNull();
    expect(json.keyPoints.filter((k: { source: string }) => k.source !== 'offline')).toEqual([]);
    expect(json.keyPoints[0].covered).toBe(true);
  });

  it('ai check reports the model and structured output, and says when no model is configured', async () => {
    const server = await serve(() => completion('{"ok":true}', 'llama3.1:8b'));
    const { io, out } = fakeIO('checker');
    await expect(runAiCheck({}, io)).rejects.toThrow(CliError);
    await runConfig('ai.url', server.url, {}, io);
    await runConfig('ai.model', 'llama3.1', {}, io);
    const before = out.stdout.length;
    expect(await runAiCheck({}, io)).toBe(0);
    expect(out.stdout.slice(before)).toMatch(
      /^url: {15}http:\/\/127\.0\.0\.1:\d+\/v1\nmodel: {13}llama3\.1:8b\nkey: {15}none\nlatency: {11}\d+ ms\nstructured output: yes\n$/,
    );
  });
});
