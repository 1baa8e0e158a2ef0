// One self-contained HTML file: inline CSS and an inline SVG chart, no scripts and nothing fetched from a
// network. Everything that comes from a question file or a user's answer is escaped.
import { Marked, type Tokens } from 'marked';
import { formatClock } from '../../session/timing.js';
import { plural } from '../../lib/plural.js';
import { safeText } from '../terminal-text.js';
import { displayTime, overallSummary, resultsOf, statusLabel, summaryOf, testsLine, type ExportData } from './model.js';
import type { ScoreGroup } from '../../session/summarize.js';
import { countsText, percent, scoreBand } from '../score.js';
import { feedbackOf, followUpOf, studyNextOf } from '../../session/types.js';
import type { Question } from '../../bank/types.js';

export function escapeHtml(text: string): string {
  return safeText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Markdown to HTML where raw HTML shows as text, images as their alt text, and only web links stay links. */
function createMarkdownRenderer(): Marked {
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      html({ text }: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(text);
      },
      image({ text }: Tokens.Image) {
        return escapeHtml(text);
      },
      link({ href, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        return SAFE_LINK.test(href) ? `<a href="${escapeHtml(href)}" rel="noreferrer noopener">${inner}</a>` : inner;
      },
    },
  });
  return marked;
}

let renderer: Marked | undefined;
function markdownHtml(markdown: string): string {
  renderer ??= createMarkdownRenderer();
  return renderer.parse(safeText(markdown), { async: false }) as string;
}

/** A one-line text (an option) with its inline Markdown (code spans, emphasis) rendered, no paragraph around it. */
function inlineHtml(markdown: string): string {
  renderer ??= createMarkdownRenderer();
  return renderer.parseInline(safeText(markdown), { async: false }) as string;
}

/** Horizontal bars, one per topic, as inline SVG. */
export function topicChart(groups: readonly ScoreGroup[]): string {
  const row = 28;
  const label = 170;
  const bar = 360;
  const height = groups.length * row + 10;
  const rows = groups.map((g, i) => {
    const y = i * row + 5;
    const width = Math.round(Math.max(0, Math.min(1, g.score)) * bar);
    return (
      `<text x="${label - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(g.key)}</text>` +
      `<rect x="${label}" y="${y + 4}" width="${bar}" height="18" class="track"/>` +
      `<rect x="${label}" y="${y + 4}" width="${width}" height="18" class="${scoreBand(g.score)}"/>` +
      `<text x="${label + bar + 8}" y="${y + 17}">${percent(g.score)} (${g.count})</text>`
    );
  });
  return `<svg class="chart" role="img" aria-label="Score by topic" viewBox="0 0 ${label + bar + 80} ${height}" width="${label + bar + 80}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
}

const STYLE = `
:root { color-scheme: light; --good: #2e7d32; --fair: #b7791f; --weak: #c62828; --ink: #1f2328; --muted: #656d76; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); max-width: 920px; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
.meta { color: var(--muted); } .score { font-weight: 700; } .good { color: var(--good); fill: var(--good); } .fair { color: var(--fair); fill: var(--fair); } .weak { color: var(--weak); fill: var(--weak); }
.track { fill: #eaeef2; } .chart text { font-size: 13px; fill: var(--ink); }
table { border-collapse: collapse; margin: .8rem 0; } td, th { border: 1px solid #d0d7de; padding: .3rem .7rem; text-align: left; } td.num { text-align: right; }
article { border: 1px solid #d0d7de; border-radius: 8px; padding: .4rem 1.1rem 1rem; margin: 1.2rem 0; }
article h3 { font-size: 1.05rem; } .tag { display: inline-block; background: #eaeef2; border-radius: 4px; padding: 0 .4rem; margin-right: .3rem; font-size: .85rem; }
blockquote { margin: .4rem 0; padding: .3rem .9rem; border-left: 4px solid #d0d7de; color: #333; white-space: pre-wrap; }
ul.points { list-style: none; padding-left: .2rem; } ul.points li::before { content: attr(data-mark) " "; font-weight: 700; }
ul.points li.hit::before { color: var(--good); } ul.points li.miss::before { color: var(--weak); }
ol.choices li.correct { color: var(--good); } ol.choices li.wrong { color: var(--weak); }
details { margin-top: .6rem; } summary { cursor: pointer; font-weight: 600; }
pre { background: #f6f8fa; padding: .7rem; overflow-x: auto; border-radius: 6px; } code { font-size: .9em; }
`;

/** The whole report as one string (for small exports and tests; the command streams `htmlChunks`). */
export function exportHtml(data: ExportData): string {
  return [...htmlChunks(data)].join('');
}

const questionAnchor = (id: string) => `q-${escapeHtml(id)}`;

/**
 * The report in pieces, in page order, so it can be written out as it is made. Each result refers to its question
 * by anchor, and every question's text and model answer is rendered once, in a section at the end: a year of
 * sessions repeats the same few hundred questions thousands of times.
 */
export function* htmlChunks(data: ExportData): Generator<string> {
  const overall = overallSummary(data);
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>mle-prep report: ${escapeHtml(data.user)}</title>
<style>${STYLE}</style>
</head>
<body>
`;
  yield `<h1>mle-prep report: ${escapeHtml(data.user)}</h1>\n`;
  yield `<p class="meta">Generated ${escapeHtml(displayTime(data.generatedAt))} · ${plural(data.streamed?.count ?? data.sessions.length, 'session')} · ` +
    `${escapeHtml(countsText(overall, ', '))} · average <span class="score ${scoreBand(overall.score)}">${percent(overall.score)}</span></p>\n`;
  yield `<h2>Score by topic</h2>\n${topicChart(overall.byTopic)}\n`;

  // Questions in order of first appearance, rendered once after the sessions.
  const referenced = new Map<string, Question>();
  for (const session of data.streamed?.sessions ?? data.sessions) {
    const parts: string[] = [];
    const s = summaryOf(session);
    const mock = session.mode === 'mock' ? ' (mock interview)' : '';
    parts.push(
      `<h2>${escapeHtml(displayTime(session.startedAt))} · ${escapeHtml(session.mode)}${mock} · <span class="${scoreBand(s.score)}">${percent(s.score)}</span></h2>`,
    );
    parts.push(
      `<p class="meta">${countsText(s, ', ', session.completed)}` + `${session.completed ? '' : ' (stopped early)'} · ${formatClock(s.timeSeconds)} used</p>`,
    );
    const advice = studyNextOf(session);
    if (advice.length) {
      const items = advice.map((item) => `<li><strong>${escapeHtml(item.topic)}</strong>: ${item.missed.map(escapeHtml).join('; ')}</li>`);
      parts.push(`<p><strong>Study next</strong></p><ol>${items.join('')}</ol>`);
    }
    parts.push(
      `<table><tr><th>topic</th><th>questions</th><th>score</th></tr>${s.byTopic
        .map((g) => `<tr><td>${escapeHtml(g.key)}</td><td class="num">${g.count}</td><td class="num ${scoreBand(g.score)}">${percent(g.score)}</td></tr>`)
        .join('')}</table>`,
    );
    resultsOf(data, session).forEach(({ result, question }, i) => {
      const limit = result.limitSeconds !== undefined ? ` of ${formatClock(result.limitSeconds)}` : '';
      const head =
        `<h3>${i + 1}. ${escapeHtml(result.questionId)}${result.status === 'ungraded' ? '' : ` <span class="score ${scoreBand(result.score)}">${percent(result.score)}</span>`}</h3>` +
        `<p class="meta"><span class="tag">${escapeHtml(result.topic)}</span><span class="tag">${escapeHtml(result.difficulty)}</span>` +
        `${escapeHtml(statusLabel(result))}${result.hintsUsed ? ` after ${plural(result.hintsUsed, 'hint')}` : ''} · ${formatClock(result.timeSeconds)}${limit}</p>`;
      if (!question) {
        parts.push(`<article>${head}<p><em>This question is no longer in the bank.</em></p></article>`);
        return;
      }
      referenced.set(question.id, question);
      let body = `<p><a href="#${questionAnchor(question.id)}">Question and model answer</a></p>`;
      if (question.type === 'choice') {
        const picked = new Set(result.picked ?? []);
        body += `<ol class="choices" type="A">${question.choices
          .map((c, j) => {
            const cls = c.correct ? 'correct' : picked.has(j) ? 'wrong' : '';
            const mark = c.correct ? ' ✔' : picked.has(j) ? ' ✘' : '';
            return `<li class="${cls}">${inlineHtml(c.text)}${mark}${picked.has(j) ? ' <strong>(your pick)</strong>' : ''}</li>`;
          })
          .join('')}</ol>`;
      } else {
        const answer = (result.answer ?? '').trim();
        body += `<p><strong>Your answer</strong></p><blockquote>${answer ? escapeHtml(answer) : '<em>(no answer)</em>'}</blockquote>`;
        if (typeof result.testsTotal === 'number') body += `<p><strong>Tests</strong> ${escapeHtml(testsLine(result))}</p>`;
        const followUp = followUpOf(result);
        if (followUp) {
          const reply = followUp.answer.trim();
          body += `<p><strong>Follow-up:</strong> ${escapeHtml(followUp.question)}</p><blockquote>${reply ? escapeHtml(reply) : '<em>(no answer)</em>'}</blockquote>`;
        }
        const covered = new Set(result.keyPointsCovered ?? []);
        // An answer never self-graded (or graded by its tests) has no hits or misses: its key points are listed plain.
        const mark = (j: number) =>
          result.status === 'ungraded' || typeof result.testsTotal === 'number'
            ? ' data-mark="•"'
            : ` class="${covered.has(j) ? 'hit' : 'miss'}" data-mark="${covered.has(j) ? '✔' : '✘'}"`;
        body += `<p><strong>Key points</strong>${result.status === 'ungraded' ? ' (not graded)' : ''}</p><ul class="points">${question.keyPoints
          .map((p, j) => `<li${mark(j)}>${escapeHtml(p)}</li>`)
          .join('')}</ul>`;
        const feedback = feedbackOf(result);
        if (feedback) body += `<p><strong>Interviewer feedback (model)</strong></p><blockquote>${escapeHtml(feedback)}</blockquote>`;
      }
      parts.push(`<article>${head}${body}</article>`);
    });
    yield `${parts.join('\n')}\n`;
  }

  if (referenced.size) yield '<h2 id="questions">Questions</h2>\n';
  for (const question of referenced.values()) yield `${questionSection(question, data.notes?.get(question.id))}\n`;
  yield `</body>
</html>
`;
}

/** A question as the report shows it once: prompt, options with their explanations or key points, model answer, note. */
function questionSection(question: Question, note: string | undefined): string {
  const tags = `<p class="meta"><span class="tag">${escapeHtml(question.topic)}</span><span class="tag">${escapeHtml(question.difficulty)}</span></p>`;
  let body = `<div class="prompt">${markdownHtml(question.prompt)}</div>`;
  if (question.type === 'choice') {
    body += `<ol class="choices" type="A">${question.choices
      .map((c) => {
        const why = c.explanation ? `<br><small>${inlineHtml(c.explanation)}</small>` : '';
        return `<li class="${c.correct ? 'correct' : ''}">${inlineHtml(c.text)}${c.correct ? ' ✔' : ''}${why}</li>`;
      })
      .join('')}</ol>`;
  } else {
    body += `<p><strong>Key points</strong></p><ul class="points">${question.keyPoints.map((p) => `<li data-mark="•">${escapeHtml(p)}</li>`).join('')}</ul>`;
  }
  body += `<details open><summary>Model answer</summary>${markdownHtml(question.answer)}</details>`;
  if (note) body += `<p><strong>Your note</strong></p><blockquote class="note">${escapeHtml(note)}</blockquote>`;
  return `<article id="${questionAnchor(question.id)}"><h3>${escapeHtml(question.id)}</h3>${tags}${body}</article>`;
}
