import { Lexer, lexer, type Tokens } from 'marked';
import { countsText, percent } from '../score.js';
import { feedbackOf, followUpOf, studyNextOf } from '../../session/types.js';
import { formatClock } from '../../session/timing.js';
import { plural } from '../../lib/plural.js';
import { safeText } from '../terminal-text.js';
import { displayTime, overallSummary, resultsOf, statusLabel, summaryOf, testsLine, type ExportData } from './model.js';

/**
 * Markdown from a question file, its headings moved `by` levels down (at most to level 6), so a model answer's
 * `###` sections sit under the report's own question headings instead of beside them.
 */
export function demoteHeadings(markdown: string, by: number): string {
  return lexer(markdown)
    .map((token) => {
      if (token.type !== 'heading') return token.raw;
      const trailing = /\n*$/.exec(token.raw)![0];
      return `${'#'.repeat(Math.min(6, (token as Tokens.Heading).depth + by))} ${(token as Tokens.Heading).text}${trailing || '\n'}`;
    })
    .join('');
}

/** Text a user typed, quoted so it cannot turn into Markdown structure or HTML. */
function quoted(text: string): string {
  const clean = safeText(text).trim().replace(/</g, '&lt;');
  return clean
    ? clean
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')
    : '> _(no answer)_';
}

const cell = (text: string) => safeText(text).replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;');

const SAFE_LINK = /^<?(https?:|mailto:)/i;
// A link's target: its address (which may hold one level of parentheses) and an optional title.
const LINK_TARGET = String.raw`\(\s*((?:[^()\s]|\([^()]*\))*)(?:\s+[^)]*)?\)`;
const CODE_SPAN = /(`+)[\s\S]*?[^`]\1(?!`)/g;

/** Prose outside code: raw HTML shown as text, images as their alt text, and only web links kept as links. */
function neutralisedProse(text: string): string {
  return text
    .replace(new RegExp(`!\\[([^\\]]*)\\]${LINK_TARGET}`, 'g'), '$1')
    .replace(new RegExp(`\\[([^\\]]*)\\]${LINK_TARGET}`, 'g'), (link, label: string, href: string) => (SAFE_LINK.test(href) ? link : label))
    .replace(/^ {0,3}\[[^\]]+\]:[ \t]*(\S+).*$/gm, (definition, href: string) => (SAFE_LINK.test(href) ? definition : ''))
    .replace(/</g, '&lt;');
}

/**
 * Markdown from a question file, made as safe as the HTML export makes it: a viewer that renders the report
 * (with raw HTML allowed, as most do) runs no script, loads no image and cannot have the model-answer block
 * closed early. Code blocks and code spans are left as written: they render as text anyway.
 */
export function neutralisedMarkdown(markdown: string): string {
  return new Lexer({ gfm: true })
    .lex(safeText(markdown))
    .map((token) => {
      if (token.type === 'code') return token.raw;
      let out = '';
      let last = 0;
      for (const span of token.raw.matchAll(CODE_SPAN)) {
        out += neutralisedProse(token.raw.slice(last, span.index)) + span[0];
        last = span.index + span[0].length;
      }
      return out + neutralisedProse(token.raw.slice(last));
    })
    .join('');
}

const hinted = (result: { hintsUsed?: number }) => (result.hintsUsed ? ` after ${plural(result.hintsUsed, 'hint')}` : '');

/** A report to paste into notes. */
export function exportMarkdown(data: ExportData): string {
  const overall = overallSummary(data);
  const out: string[] = [`# mle-prep report: ${cell(data.user)}`, ''];
  out.push(
    `Generated ${displayTime(data.generatedAt)} · ${plural(data.sessions.length, 'session')} · ` +
      `${countsText(overall, ', ')} · average ${percent(overall.score)}`,
    '',
  );
  out.push('| topic | questions | score |', '|---|--:|--:|');
  for (const g of overall.byTopic) out.push(`| ${cell(g.key)} | ${g.count} | ${percent(g.score)} |`);
  out.push('');

  for (const session of data.sessions) {
    const s = summaryOf(session);
    const mock = session.mode === 'mock' ? ' (mock interview)' : '';
    out.push(`## ${displayTime(session.startedAt)} · ${cell(session.mode)}${mock} · ${percent(s.score)}`, '');
    out.push(
      `${countsText(s, ', ', session.completed)}` +
        `${session.completed ? '' : ' (stopped early)'} · ${formatClock(s.timeSeconds)} used · session \`${cell(session.id).replace(/`/g, '')}\``,
      '',
    );
    const advice = studyNextOf(session);
    if (advice.length) {
      out.push('**Study next**', '', ...advice.map((item, i) => `${i + 1}. **${cell(item.topic)}**: ${item.missed.map(cell).join('; ')}`), '');
    }
    resultsOf(data, session).forEach(({ result, question }, i) => {
      const limit = result.limitSeconds !== undefined ? ` of ${formatClock(result.limitSeconds)}` : '';
      out.push(
        `### ${i + 1}. ${cell(result.questionId)} (${cell(result.topic)}, ${cell(result.difficulty)}): ${result.status === 'ungraded' ? '' : `${percent(result.score)}, `}${statusLabel(result)}${hinted(result)}, ${formatClock(result.timeSeconds)}${limit}`,
        '',
      );
      if (!question) {
        out.push('_This question is no longer in the bank._', '');
        return;
      }
      out.push(`**Question.** ${demoteHeadings(neutralisedMarkdown(question.prompt), 3)}`, '');
      if (question.type === 'choice') {
        const picked = new Set(result.picked ?? []);
        for (const [j, choice] of question.choices.entries()) {
          const mark = choice.correct ? '✔' : picked.has(j) ? '✘' : ' ';
          out.push(`- ${mark} ${String.fromCharCode(65 + j)}. ${cell(choice.text)}${picked.has(j) ? ' **(your pick)**' : ''}`);
        }
        out.push('');
      } else {
        out.push('**Your answer.**', '', quoted(result.answer ?? ''), '');
        if (typeof result.testsTotal === 'number') out.push(`**Tests.** ${testsLine(result)}`, '');
        const followUp = followUpOf(result);
        if (followUp) out.push(`**Follow-up.** ${cell(followUp.question)}`, '', quoted(followUp.answer), '');
        const covered = new Set(result.keyPointsCovered ?? []);
        const points =
          result.status === 'ungraded' || typeof result.testsTotal === 'number'
            ? [`**Key points**${result.status === 'ungraded' ? ' (not graded)' : ''}`, '', ...question.keyPoints.map((p) => `- ${cell(p)}`)]
            : ['**Key points**', '', ...question.keyPoints.map((p, j) => `- [${covered.has(j) ? 'x' : ' '}] ${cell(p)}`)];
        out.push(...points, '');
        const feedback = feedbackOf(result);
        if (feedback) out.push('**Interviewer feedback (model).**', '', quoted(feedback), '');
      }
      out.push('<details><summary>Model answer</summary>', '', demoteHeadings(neutralisedMarkdown(question.answer), 3), '', '</details>', '');
      const note = data.notes?.get(result.questionId);
      if (note) out.push('**Your note.**', '', quoted(note), '');
    });
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
