// Most question files hold plain block YAML: mappings, lists, quoted and block strings, numbers and booleans. For
// those, js-yaml gives the same data as the `yaml` library at a sixth of the cost, and `yaml` (which reports
// positions, errors and warnings) is only needed once a finding has to say where it is. Anything else takes the
// `yaml` path: anchors, aliases, tags, directives, complex keys, a flow collection closed at the start of a line
// (a warning in `yaml`), block scalars with an indentation indicator, quoted scalars and flow collections whose
// later lines are not indented enough, comments stuck to a value, escaped line breaks, keys `yaml` would read as
// empty or refuse as too long, a top node that is not a mapping, and whatever js-yaml refuses. Scalars resolve as YAML 1.2's
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
// `yaml` refuses implicit keys over 1024 characters; js-yaml takes them. (Measured unquoted, so with a margin.)
const LONG_KEY = 1000;
// A comment right after a quoted scalar or a flow collection, with no space before it: an error in `yaml`.
const TIGHT_COMMENT = /["'\]}]#/;
// A line ending in an escaped line break: `yaml` and js-yaml fold what follows differently.
const ESCAPED_BREAK = /(?:^|[^\\])(?:\\\\)*\\$/m;

/** Whether `value` holds a key `yaml` would refuse or read as empty, which js-yaml would take or name "null". */
function hasOddKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasOddKey);
  if (typeof value !== 'object' || value === null) return false;
  for (const [key, item] of Object.entries(value)) if (EMPTY_KEY.test(key) || key.length > LONG_KEY || hasOddKey(item)) return true;
  return false;
}

/** Where a node may start on a line: after its indentation and list markers, or after ": ", "[", "{" or ",". */
function atNodeStart(line: string, at: number, lineStart: number): boolean {
  let i = at - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  if (i < lineStart) return true;
  const before = line[i];
  return (
    before === '[' || before === '{' || before === ',' || (before === ':' && i < at - 1) || (before === '-' && i < at - 1 && atNodeStart(line, i, lineStart))
  );
}

/**
 * Whether every quoted scalar and flow collection that goes on over several lines has its later lines indented
 * more than the line it started on holds its node (as `yaml` requires; js-yaml is more lenient), with spaces.
 */
function continuationsIndented(lines: readonly string[]): boolean {
  let quote: string | undefined;
  let depth = 0;
  let openIndent = -1;
  for (const line of lines) {
    let i = 0;
    if (openIndent >= 0) {
      const lead = line.length - line.replace(/^ */, '').length;
      if (line.trim() !== '' && (lead <= openIndent || line[lead] === '\t')) return false;
      i = lead;
    }
    const lineStart = i;
    for (; i < line.length; i++) {
      const ch = line[i]!;
      if (quote) {
        if (quote === '"' && ch === '\\') i++;
        else if (ch === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = undefined;
        }
        continue;
      }
      if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
      if ((ch === '"' || ch === "'") && atNodeStart(line, i, lineStart)) quote = ch;
      else if ((ch === '[' || ch === '{') && (depth > 0 || atNodeStart(line, i, lineStart))) depth++;
      else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    }
    if (quote || depth > 0) {
      if (openIndent < 0) openIndent = line.length - line.replace(/^[ \t]*(?:-[ \t]+)*/, '').length;
    } else {
      openIndent = -1;
    }
  }
  return quote === undefined && depth === 0;
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
  if (TIGHT_COMMENT.test(lines) || ESCAPED_BREAK.test(lines) || !continuationsIndented(lines.split('\n'))) return undefined;
  let data: unknown;
  try {
    data = load(source, { schema: CORE });
  } catch {
    return undefined;
  }
  // A question file's top node is a mapping; anything else is an error that `yaml` reports better.
  const mapping = data === undefined || data === null || (typeof data === 'object' && !Array.isArray(data));
  return mapping && !hasOddKey(data) ? { data } : undefined;
}
