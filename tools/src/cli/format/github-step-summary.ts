import { appendFile } from 'node:fs/promises';

/**
 * Appends Markdown to the job summary file GitHub Actions names in GITHUB_STEP_SUMMARY. The path
 * comes from the CLI layer (the only reader of the environment); no path, nothing to do.
 */
export async function appendStepSummary(options: {
  readonly path: string | undefined;
  readonly markdown: string;
}): Promise<boolean> {
  if (options.path === undefined || options.path === '') return false;
  await appendFile(options.path, options.markdown, 'utf8');
  return true;
}
