// Colours code blocks for the terminal. marked-terminal asks for it through cli-highlight's `highlight(code,
// { language })`; the build hands it this module instead, loaded from its own file the first time a code block is
// drawn in colour (scripts/build.mjs). cli-highlight loads every one of highlight.js's 190 grammars and an HTML
// parser to read back highlight.js's markup, about 200 ms before the first coloured block; emphasize walks
// lowlight's syntax tree with only the grammars registered here.
import { createEmphasize } from 'emphasize';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import julia from 'highlight.js/lib/languages/julia';
import protobuf from 'highlight.js/lib/languages/protobuf';
import scala from 'highlight.js/lib/languages/scala';
import { common, type LanguageFn } from 'lowlight';

/**
 * lowlight's common grammars (Python, SQL, shells, YAML, JSON, C-family, Go, Rust, R, Kotlin, the web languages and
 * more), and those of machine-learning code it leaves out: Scala (Spark), Julia, Dockerfile and Protocol Buffers.
 */
const grammars: Record<string, LanguageFn> = { ...common, dockerfile, julia, protobuf, scala };
/** Plain text: nothing to colour. */
const PLAIN = new Set(['plaintext', 'text', 'txt']);

/**
 * A grammar is registered the first time a block names it (registering builds its rules: all of them take longer
 * than colouring a block); an alias (`py`, `sh`, `yml`) is known only once every grammar is.
 */
const emphasize = createEmphasize();
let everyGrammar = false;
function registered(name: string): boolean {
  if (emphasize.registered(name)) return true;
  if (Object.hasOwn(grammars, name)) emphasize.register({ [name]: grammars[name]! });
  else if (!everyGrammar) {
    everyGrammar = true;
    emphasize.register(grammars);
  }
  return emphasize.registered(name);
}

/** Whether a code block in `language` (a name or alias, as written after the fence) is coloured. */
export function knowsLanguage(language: string): boolean {
  const name = language.toLowerCase();
  return PLAIN.has(name) || registered(name);
}

/**
 * `code` coloured as `language`, or as it is with `plain`. A block in a language not registered here, or in none,
 * throws as cli-highlight does for a language it does not know: marked-terminal then draws it in its plain code
 * style. (cli-highlight guessed the language of a block without one, trying every grammar: slow, and often wrong on
 * a few lines.)
 */
export function highlight(code: string, options: { language?: string; plain?: boolean } = {}): string {
  const name = options.language?.toLowerCase();
  // Text that will be shown without colour (see renderMarkdown), or that has none to show.
  if (options.plain || (name && PLAIN.has(name))) return code;
  if (!name || !registered(name)) throw new Error(`no grammar for ${name ? `"${name}"` : 'a code block without a language'}`);
  return emphasize.highlight(name, code).value;
}
