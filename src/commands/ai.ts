import { openProfile } from '../services/profile.js';
import { isAiFailure } from '../ai/client.js';
import { checkModel } from '../ai/check.js';
import { aiConnection } from '../ai/settings.js';
import { CliError, EXIT } from '../errors.js';
import type { CommandIO } from '../io.js';
import { resolveUser } from '../store/user.js';
import { safeText } from '../format/terminal-text.js';

/** Sends the configured model one tiny request and reports the model, the latency and structured output. */
export async function runAiCheck(options: { user?: string }, io: CommandIO): Promise<number> {
  const user = resolveUser(options.user, io.env);
  const { settings } = await openProfile(user, io).readProfileMeta();
  const connection = aiConnection(settings, io.env);
  if (!connection) {
    throw new CliError('no model is configured; set one with `mle-prep config ai.url http://localhost:11434/v1` and `mle-prep config ai.model <name>`.');
  }
  let result: Awaited<ReturnType<typeof checkModel>>;
  try {
    result = await checkModel(connection);
  } catch (error) {
    if (isAiFailure(error)) throw new CliError(`${safeText(error.message)}.`);
    throw error;
  }
  const c = io.stdout.color;
  const structured = result.structured
    ? result.jsonReply
      ? c.green('yes')
      : c.yellow('accepted, but the reply did not match the schema')
    : result.jsonReply
      ? c.yellow('no (the server refused response_format; replies are parsed as plain JSON)')
      : c.red('no');
  io.stdout.write(
    `url:               ${safeText(connection.url)}\n` +
      `model:             ${safeText(result.model)}\n` +
      `key:               ${connection.apiKey ? 'from the environment' : 'none'}\n` +
      `latency:           ${result.latencyMs} ms\n` +
      `structured output: ${structured}\n`,
  );
  if (!result.jsonReply) {
    io.stderr.write(c.yellow('mle-prep: the model did not reply with the JSON asked for; grading would fall back to the offline suggestions.\n'));
    return EXIT.failure;
  }
  return EXIT.ok;
}

// The process's streams, clock and folders, from this file: the command shares its modules (chalk) with them.
export { processIO } from '../io.js';
