// The single definition of a question's shape. The validator compiles it with Ajv and the build writes it to
// schema/*.json for editors, so the two cannot drift apart.

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;
export const QUESTION_TYPES = ['open', 'choice'] as const;
export const CODE_LANGUAGES = ['python', 'sql'] as const;
export const CODE_TIME_LIMIT_MAX = 60;
export const CODE_DEFAULT_TOLERANCE = 1e-6;
export const ID_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const ID_MAX_LENGTH = 80;
export const TIME_MIN_SECONDS = 10;
export const TIME_MAX_SECONDS = 7200;
export const KEY_POINTS_MIN = 2;
export const KEY_POINTS_MAX = 8;

const SCHEMA_BASE = 'https://unpkg.com/mle-prep/schema';

const nonEmptyString = { type: 'string', minLength: 1 } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;

const commonProperties = {
  id: {
    type: 'string',
    pattern: ID_PATTERN,
    maxLength: ID_MAX_LENGTH,
    description: 'Unique id: lowercase letters, digits and single hyphens. Progress is stored by id.',
  },
  topic: { type: 'string', description: "A topic id defined in the bank's topics.yaml." },
  difficulty: { enum: [...DIFFICULTIES], description: 'beginner | intermediate | advanced' },
  type: { enum: [...QUESTION_TYPES], default: 'open', description: 'open (self-graded) or choice (auto-graded).' },
  tags: { ...stringList, description: 'Labels for --tag filters.' },
  time: {
    type: 'integer',
    minimum: TIME_MIN_SECONDS,
    maximum: TIME_MAX_SECONDS,
    description: 'Suggested time for this question, in whole seconds.',
  },
  key_points: {
    type: 'array',
    description: 'What a good answer covers; the user ticks those they covered.',
    items: {
      anyOf: [
        { type: 'string' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: {
            text: { type: 'string', description: 'The key point as shown to the user.' },
            aliases: { ...stringList, description: 'Other ways an answer may say it, for the suggested ticks (e.g. "distribution shift" for "drift").' },
          },
        },
      ],
    },
  },
  choices: {
    type: 'array',
    description: 'The options of a choice question.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['text'],
      properties: {
        text: { type: 'string', description: 'The option as shown to the user.' },
        correct: { type: 'boolean', default: false, description: 'Marks a right option.' },
        explanation: { type: 'string', description: 'Why this option is right or wrong.' },
      },
    },
  },
  shuffle: {
    type: 'boolean',
    default: true,
    description: 'Choice questions: show the options in a new order each time (false keeps the file order, e.g. for "all of the above").',
  },
  follow_ups: { ...stringList, description: 'Questions an interviewer might ask next.' },
  hints: { ...stringList, description: 'Nudges revealed one at a time while answering; a hinted answer is marked as such.' },
  language: { enum: [...CODE_LANGUAGES], description: 'Runnable exercises: the language of the solution (python or sql).' },
  stub: { type: 'string', description: 'Runnable exercises: the starting code the user fills in (a signature and docstring).' },
  tests: {
    type: 'object',
    additionalProperties: false,
    description: "Runnable exercises: the tests that grade the user's code. Either cases or (Python) a test file.",
    properties: {
      setup: { type: 'string', description: 'Python run before each case, such as imports and input data.' },
      fixtures: { type: 'string', description: 'SQL: statements that create and fill the tables every case queries.' },
      file: { type: 'string', description: 'Python: a test file whose test_* functions are the tests (asserts fail a test).' },
      tolerance: { type: 'number', minimum: 0, description: `Relative and absolute tolerance for numbers (default ${CODE_DEFAULT_TOLERANCE}).` },
      ordered: { type: 'boolean', default: true, description: 'SQL: whether the order of the rows is part of the answer.' },
      time_limit: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: CODE_TIME_LIMIT_MAX,
        description: 'Seconds one run of all tests may take (default 5).',
      },
      cases: {
        type: 'array',
        description: "The tests: each calls the user's code (Python) or runs the query (SQL) and compares the result.",
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, description: 'Shown in the test report.' },
            call: { type: 'string', description: 'Python: an expression calling the user\'s code, for example "softmax([1, 2])".' },
            expect: { description: 'Python: an expression for the expected value. SQL: the expected rows, a list of lists.' },
            doctest: { type: 'string', description: "Python: instead of call and expect, a doctest (>>> lines and their output) run against the user's code." },
            hidden: { type: 'boolean', default: false, description: 'A case the prompt does not show.' },
            tolerance: { type: 'number', minimum: 0, description: "This case's tolerance for numbers." },
            fixtures: { type: 'string', description: "SQL: tables for this case instead of the exercise's fixtures." },
          },
        },
      },
    },
  },
} as const;

/** The fields of one question as written in Markdown front matter. */
export const frontMatterSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `${SCHEMA_BASE}/question.schema.json`,
  title: 'mle-prep question (Markdown front matter)',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'topic', 'difficulty'],
  properties: commonProperties,
} as const;

/** One question inside a YAML question file: the same fields plus its Markdown prompt and answer. */
export const yamlQuestionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'topic', 'difficulty', 'prompt', 'answer'],
  properties: {
    ...commonProperties,
    prompt: { ...nonEmptyString, description: 'The question, in Markdown.' },
    answer: { type: 'string', description: 'The model answer (or, for choice questions, the explanation), in Markdown.' },
  },
} as const;

export const questionFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `${SCHEMA_BASE}/question-file.schema.json`,
  title: 'mle-prep YAML question file',
  type: 'object',
  additionalProperties: false,
  required: ['questions'],
  properties: {
    questions: { type: 'array', items: yamlQuestionSchema },
  },
} as const;

export const topicsFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `${SCHEMA_BASE}/topics.schema.json`,
  title: 'mle-prep topics.yaml',
  type: 'object',
  additionalProperties: false,
  required: ['topics'],
  properties: {
    topics: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'description'],
        properties: {
          id: { type: 'string', pattern: ID_PATTERN, maxLength: ID_MAX_LENGTH },
          title: nonEmptyString,
          description: nonEmptyString,
        },
      },
    },
  },
} as const;

/** File name -> schema, as published under schema/. */
export const PUBLISHED_SCHEMAS = {
  'question.schema.json': frontMatterSchema,
  'question-file.schema.json': questionFileSchema,
  'topics.schema.json': topicsFileSchema,
} as const;
