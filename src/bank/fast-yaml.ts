// Most question files hold plain block YAML: mappings, lists, quoted and block strings, numbers and booleans. For
// those, js-yaml gives the same data as the `yaml` library at a sixth of the cost, and `yaml` (which reports
// positions, errors and warnings) is only needed once a finding has to say where it is. Anything else takes the
// `yaml` path: anchors, aliases, tags, directives, complex keys, a flow collection closed at the start of a line
// (a warning in `yaml`), block scalars with an indentation indicator, a key that would read as empty, a top node
// that is not a mapping, and whatever js-yaml refuses. Scalars resolve as YAML 1.2's
// core schema does in `yaml`, not as js-yaml's own schema would (no 0b numbers, no underscores in numbers).
import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

const scalar = (tag: string, test: RegExp, construct: (text: string) => unknown) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (text: string | null) => test.test(text ?? ''),
    construct: (text: string | null) => construct(text ?? ''),
  });

/** As `yaml` resolves plain scalars under its default (core) schema. */
const CORE = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'),
    scalar('int', /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/, (text) =>
      text.startsWith('0o') ? Number.parseInt(text.slice(2), 8) : text.startsWith('0x') ? Number.parseInt(text.slice(2), 16) : Number.parseInt(text, 10),
    ),
    scalar('float', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/, (text) =>
      text.slice(-3).toLowerCase() === 'nan' ? Number.NaN : /inf$/i.test(text) ? (text[0] === '-' ? -Infinity : Infinity) : Number.parseFloat(text),
    ),
  ],
});

// Line starts and node starts (after "- ", ": ", "? ", "[", "{" or ","): where an anchor, alias or tag would be.
const NODE_PROPERTY = /(?:^[ \t]*(?:-[ \t]+)*|[:?,[{][ \t]*)[&*!]/m;
const DIRECTIVE_OR_KEY = /^[ \t]*[%?]/m;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t]|$)/m;
const FLOW_END_AT_LINE_START = /^[ \t]*[\]}]/m;
// A flow collection followed by a colon could be a complex key.
const FLOW_KEY = /[\]}][ \t]*:/;
const EMPTY_KEY = /^(?:~|[Nn]ull|NULL)?$/;

/** Whether `value` holds a key `yaml` would read as empty (and report), which js-yaml would name "null" or "". */
function hasEmptyKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasEmptyKey);
  if (typeof value !== 'object' || value === null) return false;
  for (const [key, item] of Object.entries(value)) if (EMPTY_KEY.test(key) || hasEmptyKey(item)) return true;
  return false;
}

const BLOCK_SCALAR_HEADER = /(?:^|[ \t])[|>][-+0-9]*[ \t]*(?:#.*)?$/;
// A block scalar with its indentation given (`|2-`): `yaml` and js-yaml differ on some of them.
const INDENTATION_INDICATOR = /(?:^|[ \t])[|>](?:[-+]?[0-9])/m;
const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The lines of the source that hold its structure: the content of block scalars (`|`, `>`), which is text whatever
 * it looks like (Markdown, code), is left out. A line belongs to a block scalar when it is blank or indented more
 * than the line that opened it.
 */
function structure(source: string): string {
  const lines = source.split('\n');
  const kept: string[] = [];
  let parentIndent = -1;
  for (const line of lines) {
    if (parentIndent >= 0) {
      if (line.trim() === '' || indentOf(line) > parentIndent) continue;
      parentIndent = -1;
    }
    kept.push(line);
    if (BLOCK_SCALAR_HEADER.test(line)) parentIndent = indentOf(line);
  }
  return kept.join('\n');
}

/**
 * The data of YAML source, when it is of the plain kind that js-yaml reads exactly as `yaml` does; undefined
 * otherwise (then `yaml` must read it). `{ data: undefined }` is an empty document.
 */
export function plainYaml(source: string): { data: unknown } | undefined {
  const lines = structure(source);
  if (NODE_PROPERTY.test(lines) || DIRECTIVE_OR_KEY.test(lines) || DOCUMENT_MARKER.test(lines)) return undefined;
  if (FLOW_END_AT_LINE_START.test(lines) || FLOW_KEY.test(lines) || INDENTATION_INDICATOR.test(lines)) return undefined;
  let data: unknown;
  try {
    data = load(source, { schema: CORE });
  } catch {
    return undefined;
  }
  // A question file's top node is a mapping; anything else is an error that `yaml` reports better.
  const mapping = data === undefined || data === null || (typeof data === 'object' && !Array.isArray(data));
  return mapping && !hasEmptyKey(data) ? { data } : undefined;
}
