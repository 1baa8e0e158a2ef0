import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvChunks, exportCsv, CSV_COLUMNS } from '../../src/format/export/csv.js';
import { escapeHtml, exportHtml, htmlChunks, topicChart } from '../../src/format/export/html.js';
import { exportJson } from '../../src/format/export/json.js';
import { exportMarkdown } from '../../src/format/export/markdown.js';
import type { ExportData } from '../../src/format/export/model.js';
import type { SessionRecord } from '../../src/session/types.js';
import { choiceQuestion, question } from '../helpers/questions.js';

const HOSTILE = '<script>document.body.dataset.pwned = 1</script><img src=x onerror="alert(1)">';

const session: SessionRecord = {
  id: '5f0c2a9e-0000-4000-8000-000000000001',
  user: 'ada',
  mode: 'quiz',
  startedAt: '2026-11-20T09:00:00.000Z',
  finishedAt: '2026-11-20T09:06:00.000Z',
  completed: true,
  filters: { topics: ['alpha'], count: 3, seed: 7 },
  score: 0.5,
  results: [
    {
      questionId: 'open-one',
      topic: 'alpha',
      difficulty: 'beginner',
      type: 'open',
      score: 0.5,
      timeSeconds: 61.5,
      timedOut: false,
      status: 'answered',
      limitSeconds: 120,
      answer: `I said "drift", then, ${HOSTILE}\nsecond line`,
      keyPointsCovered: [0, 2],
      keyPointsTotal: 4,
    },
    {
      questionId: 'choice-one',
      topic: 'beta',
      difficulty: 'advanced',
      type: 'choice',
      score: 1,
      timeSeconds: 20,
      timedOut: false,
      status: 'answered',
      limitSeconds: 90,
      picked: [1],
    },
    {
      questionId: 'gone',
      topic: 'alpha',
      difficulty: 'intermediate',
      type: 'open',
      score: 0,
      timeSeconds: 120,
      timedOut: true,
      status: 'timed-out',
      limitSeconds: 120,
      answer: '',
      keyPointsCovered: [],
      keyPointsTotal: 3,
    },
  ],
};

const data: ExportData = {
  user: 'ada',
  generatedAt: '2026-11-27T10:00:00.000Z',
  sessions: [session],
  questions: new Map([
    [
      'open-one',
      question('open-one', {
        prompt: `Explain drift. ${HOSTILE} [a link](javascript:alert(1)) ![pic](http://example.com/x.png)`,
        answer: `The **model** answer.\n\n${HOSTILE}\n\n[docs](https://example.com/docs)`,
      }),
    ],
    ['choice-one', choiceQuestion('choice-one', [1], 3, { topic: 'beta', difficulty: 'advanced', answer: 'Because B.' })],
  ]),
};

describe('JSON export', () => {
  it('is the versioned session schema', () => {
    expect(JSON.parse(exportJson(data))).toEqual({ schemaVersion: 1, generatedAt: '2026-11-27T10:00:00.000Z', user: 'ada', sessions: [session] });
  });
});

describe('CSV export', () => {
  it('has one properly quoted row per question', () => {
    const rows = parseCsv(exportCsv(data), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      session_id: session.id,
      question_id: 'open-one',
      score: '0.5',
      time_seconds: '61.5',
      limit_seconds: '120',
      timed_out: 'false',
      key_points_covered: '2',
      key_points_total: '4',
      answer: `I said "drift", then, ${HOSTILE}\nsecond line`,
    });
    // An option is named by its text: options are shown in a new order each time.
    expect(rows[1]).toMatchObject({ question_id: 'choice-one', picked: 'Option 1', score: '1', key_points_covered: '', hints_used: '0' });
    expect(rows[2]).toMatchObject({ question_id: 'gone', status: 'timed-out', timed_out: 'true' });
  });

  it('defuses answers a spreadsheet would run as formulas', () => {
    const formula: ExportData = {
      ...data,
      sessions: [
        { ...session, results: ['=HYPERLINK("http://x","y")', '+1', '-1', '@SUM(A1)', 'plain'].map((answer) => ({ ...session.results[0]!, answer })) },
      ],
    };
    const rows = parseCsv(exportCsv(formula), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.answer)).toEqual([`'=HYPERLINK("http://x","y")`, "'+1", "'-1", "'@SUM(A1)", 'plain']);
  });
});

describe('Markdown export', () => {
  const md = exportMarkdown(data);
  it('summarises, then lists every question with the answer and the key points ticked', () => {
    expect(md).toContain('# mle-prep report: ada');
    expect(md).toContain('Generated 2026-11-27 10:00 UTC · 1 session · 2 of 3 answered, 1 timed out · average 50%');
    expect(md).toContain('| alpha | 2 | 25% |');
    expect(md).toContain('### 1. open-one (alpha, beginner): 50%, answered, 1:02 of 2:00');
    expect(md).toContain('- [x] one\n- [ ] two\n- [x] three\n- [ ] four');
    expect(md).toContain('- ✔ B. Option 1 **(your pick)**');
    expect(md).toContain('### 3. gone (alpha, intermediate): 0%, timed out, 2:00 of 2:00\n\n_This question is no longer in the bank._');
  });
  it('quotes what the user typed so it cannot become HTML', () => {
    expect(md).toContain('> I said "drift", then, &lt;script>');
    expect(md).not.toContain(`then, <script>`);
  });
});

describe('HTML export', () => {
  const html = exportHtml(data);
  it('is one self-contained page: no scripts, nothing fetched', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(img|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<[^>]*\ssrc=/i);
    expect(html).toContain("default-src 'none'");
  });
  it('escapes everything from question files and answers', () => {
    expect(html).toContain('&lt;script&gt;document.body.dataset.pwned = 1&lt;/script&gt;');
    expect(html).toContain('I said &quot;drift&quot;, then, &lt;script&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<a href="https://example.com/docs" rel="noreferrer noopener">docs</a>');
    expect(html).toContain('<strong>model</strong>');
  });
  it('shows the summary, a chart per topic, and each question with answer and ticked key points', () => {
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('<li class="hit" data-mark="✔">one</li><li class="miss" data-mark="✘">two</li>');
    expect(html).toContain('<li class="correct">Option 1 ✔ <strong>(your pick)</strong></li>');
    expect(html).toContain('This question is no longer in the bank.');
  });
  it('draws bars proportional to the score, with escaped labels', () => {
    const svg = topicChart([{ key: '<b>', count: 2, score: 0.5 }]);
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).toContain('width="180" height="18" class="fair"');
  });
  it('escapes the five HTML-special characters and drops terminal escapes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>\u001b[31m`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('an answer stopped before its self-grade', () => {
  const stopped: ExportData = {
    ...data,
    sessions: [
      {
        ...session,
        completed: false,
        results: [
          session.results[1]!,
          {
            questionId: 'open-one',
            topic: 'alpha',
            difficulty: 'beginner',
            type: 'open',
            score: 0,
            timeSeconds: 30,
            timedOut: false,
            status: 'ungraded',
            answer: 'half',
            keyPointsTotal: 4,
          },
        ],
      },
    ],
  };

  it('is "not graded" with no score in Markdown and HTML, and counted apart in the summary line', () => {
    const md = exportMarkdown(stopped);
    expect(md).toContain('1 answered, 1 not graded (stopped early)');
    expect(md).toContain('### 2. open-one (alpha, beginner): not graded, 0:30');
    expect(md).toContain('**Key points** (not graded)\n\n- one\n- two');
    const html = exportHtml(stopped);
    expect(html).toContain('<h3>2. open-one</h3>');
    expect(html).toContain('not graded · 0:30');
    expect(html).toContain('<strong>Key points</strong> (not graded)</p><ul class="points"><li data-mark="•">one</li>');
  });
});

describe('one score for one mock', () => {
  const mock: SessionRecord = {
    ...session,
    mode: 'mock',
    score: 0.25,
    results: [
      { ...session.results[0]!, score: 0.5 },
      { questionId: 'choice-one', topic: 'beta', difficulty: 'advanced', type: 'choice', score: 0, timeSeconds: 0, timedOut: false, status: 'not-reached' },
    ],
  };
  const one = { ...data, sessions: [mock] };

  it('gives the report heading and the session heading the same score, questions not reached counting as 0', () => {
    const md = exportMarkdown(one);
    expect(md).toContain('1 of 2 answered, 1 not reached · average 25%');
    expect(md).toContain('· mock (mock interview) · 25%');
    const html = exportHtml(one);
    expect(html).toMatch(/1 of 2 answered, 1 not reached · average <span class="score weak">25%<\/span>/);
    expect(html).toMatch(/mock \(mock interview\) · <span class="weak">25%<\/span>/);
  });
});

describe('rendering in reports', () => {
  const coded: ExportData = {
    ...data,
    sessions: [{ ...session, mode: 'mock', studyNext: [{ topic: 'alpha', missed: ['Names <b>PSI</b>'] }] }],
    questions: new Map([
      ['open-one', question('open-one', { answer: '### Requirements\n\nText.\n\n```md\n### not a heading\n```\n' })],
      [
        'choice-one',
        choiceQuestion('choice-one', [0], 2, {
          choices: [
            { text: 'Set `torch.backends.cudnn.benchmark = True`', correct: true, explanation: 'Uses `cudnn` autotuning.' },
            { text: 'Plain', correct: false },
          ],
        }),
      ],
    ]),
  };

  it('renders code in options and explanations in HTML, as answers are', () => {
    const html = exportHtml(coded);
    expect(html).toContain('Set <code>torch.backends.cudnn.benchmark = True</code>');
    expect(html).toContain('Uses <code>cudnn</code> autotuning.');
    expect(html).not.toContain('`torch');
  });

  it("moves a model answer's headings under the question headings of the Markdown report, leaving code alone", () => {
    const md = exportMarkdown(coded);
    expect(md).toContain('###### Requirements');
    expect(md).toContain('```md\n### not a heading\n```');
  });

  it("keeps a mock's study advice in the Markdown and HTML reports, escaped", () => {
    expect(exportMarkdown(coded)).toContain('**Study next**\n\n1. **alpha**: Names &lt;b>PSI&lt;/b>');
    expect(exportHtml(coded)).toContain('<p><strong>Study next</strong></p><ol><li><strong>alpha</strong>: Names &lt;b&gt;PSI&lt;/b&gt;</li></ol>');
  });
});

describe('notes in exports', () => {
  const noted: ExportData = {
    ...data,
    notes: new Map([
      ['open-one', `Remember PSI > 0.2 ${HOSTILE}`],
      ['not-exported', 'elsewhere'],
    ]),
  };

  it('puts the note after the model answer in Markdown and HTML, escaped, and only where there is one', () => {
    const md = exportMarkdown(noted);
    const open = md.slice(md.indexOf('1. open-one'), md.indexOf('2. choice-one'));
    expect(open).toMatch(/<\/details>\n\n\*\*Your note\.\*\*\n\n> Remember PSI > 0\.2 &lt;script>/);
    expect(md.match(/Your note/g)).toHaveLength(1);
    const html = exportHtml(noted);
    expect(html).toContain('<p><strong>Your note</strong></p><blockquote class="note">Remember PSI &gt; 0.2 &lt;script&gt;');
    expect(html).not.toContain('elsewhere');
  });

  it("adds a note column to the CSV and the exported questions' notes to the JSON", () => {
    const rows = parseCsv(exportCsv(noted), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.note)).toEqual([`Remember PSI > 0.2 ${HOSTILE}`, '', '']);
    expect(JSON.parse(exportJson(noted)).notes).toEqual({ 'open-one': `Remember PSI > 0.2 ${HOSTILE}` });
    expect(JSON.parse(exportJson(data)).notes).toBeUndefined();
  });
});

describe('large exports', () => {
  const many: ExportData = { ...data, sessions: Array.from({ length: 30 }, (_, i) => ({ ...session, id: `s-${i}` })) };

  it("renders each question's text and model answer once, however many results refer to it", () => {
    const html = exportHtml(many);
    expect(html.match(/Explain drift\./g)).toHaveLength(1);
    expect(html.match(/<strong>model<\/strong> answer/g)).toHaveLength(1);
    expect(html.match(/<a href="#q-open-one">Question and model answer<\/a>/g)).toHaveLength(30);
    expect(html).toContain('<article id="q-open-one"><h3>open-one</h3>');
    expect(html.match(/<li class="hit" data-mark="✔">one<\/li>/g)).toHaveLength(30);
  });

  it('comes in pieces, one per session between the summary and the questions, that make the whole page', () => {
    const chunks = [...htmlChunks(many)];
    expect(chunks.length).toBeGreaterThan(30);
    expect(chunks.join('')).toBe(exportHtml(many));
    expect(chunks.at(-1)).toMatch(/<\/html>\n$/);
  });

  it('streams the CSV a session at a time, header first', () => {
    const chunks = [...csvChunks(many)];
    expect(chunks).toHaveLength(31);
    expect(chunks[0]).toBe(`${CSV_COLUMNS.join(',')}\n`);
    const rows = parseCsv(chunks.join(''), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(90);
    expect(rows[3]!.session_id).toBe('s-1');
  });
});
