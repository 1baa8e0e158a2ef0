// The bundled bank must stay clean, large and balanced: these tests keep it from silently shrinking.
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import type { Question } from '../../src/bank/types.js';

const bank = checkBank([bundledBankDir()], { rubrics: true });
const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
const byTopic = (topic: string) => bank.questions.filter((q) => q.topic === topic);
const TOPICS = [
  'system-design',
  'mlops',
  'monitoring',
  'serving',
  'data-engineering',
  'ml-fundamentals',
  'deep-learning',
  'experimentation',
  'llm-ops',
  'coding',
  'career',
];
const isCaseStudy = (q: Question) => q.topic === 'system-design' && q.source.file.includes('/cases/');

describe('the bundled question bank', () => {
  it('validates with no errors and no warnings', () => {
    expect(bank.findings).toEqual([]);
    expect(bank.questions).toHaveLength(bank.questionCount);
  });

  it('defines exactly the documented topics', () => {
    expect(bank.topics.map((t) => t.id)).toEqual(TOPICS);
  });

  it('holds at least 350 questions, and at least 35 in every topic', () => {
    expect(bank.questions.length).toBeGreaterThanOrEqual(350);
    expect(TOPICS.map((topic) => ({ topic, count: byTopic(topic).length })).filter(({ count }) => count < 35)).toEqual([]);
  });

  it('mixes difficulties: every level is at least 20% of every topic', () => {
    const thin = TOPICS.flatMap((topic) => {
      const qs = byTopic(topic);
      return (['beginner', 'intermediate', 'advanced'] as const)
        .map((level) => ({ topic, level, share: qs.filter((q) => q.difficulty === level).length / qs.length }))
        .filter(({ share }) => share < 0.2);
    });
    expect(thin).toEqual([]);
  });

  it('makes at least a quarter of every topic but career multiple choice', () => {
    const shares = TOPICS.filter((t) => t !== 'career').map((topic) => {
      const qs = byTopic(topic);
      return { topic, choiceShare: qs.filter((q) => q.type === 'choice').length / qs.length };
    });
    expect(shares.filter(({ choiceShare }) => choiceShare < 0.25)).toEqual([]);
  });

  it('gives every question 3-6 key points and tags', () => {
    const off = bank.questions.filter((q) => q.keyPoints.length < 3 || q.keyPoints.length > 6 || q.tags.length === 0).map((q) => q.id);
    expect(off).toEqual([]);
  });

  it('explains every option of every choice question, right or wrong', () => {
    const missing = bank.questions.flatMap((q) => q.choices.flatMap((c, i) => (c.explanation?.trim() ? [] : [`${q.id}[${i}]`])));
    expect(missing).toEqual([]);
  });

  it('gives open concept questions an answer of at least 120 words and choice questions at least 60', () => {
    const short = bank.questions.filter((q) => words(q.answer) < (q.type === 'open' ? 120 : 60)).map((q) => `${q.id} (${words(q.answer)} words)`);
    expect(short).toEqual([]);
  });

  it('has at least 15 system-design case studies with 500-1,000-word answers', () => {
    const cases = bank.questions.filter(isCaseStudy);
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((q) => words(q.answer) < 500 || words(q.answer) > 1000).map((q) => `${q.id} (${words(q.answer)} words)`)).toEqual([]);
  });

  it('covers the case studies the bank promises', () => {
    const ids = bank.questions
      .filter(isCaseStudy)
      .map((q) => q.id)
      .join(' ');
    const promised = [
      'framework',
      'recommender',
      'fraud',
      'eta',
      'ads-ctr',
      'moderation',
      'forecasting',
      'visual-search',
      'rag',
      'people-you-may-know',
      'notification',
    ];
    expect(promised.filter((slug) => !ids.includes(slug))).toEqual([]);
  });

  it('includes the questions the product grew from', () => {
    const ids = new Set(bank.questions.map((q) => q.id));
    const origins = [
      'system-design-ecommerce-recommender',
      'monitoring-model-drift',
      'career-mle-vs-data-scientist-interview',
      'career-languages-for-mles',
      'career-do-mles-publish',
    ];
    expect(origins.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('uses both file formats in every topic', () => {
    const oneFormat = TOPICS.filter((topic) => {
      const files = byTopic(topic).map((q) => q.source.file);
      return !files.some((f) => f.endsWith('.md')) || !files.some((f) => /\.ya?ml$/.test(f));
    });
    expect(oneFormat).toEqual([]);
  });
});
