import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import { ociLabels } from '../package/labels.ts';
import { packageArtifact } from '../package/package-artifact.ts';
import { imageTags, provenanceOf } from '../package/provenance.ts';
import type { packageArtifactInputs } from './inputs.ts';
import { heading, table, text } from './io.ts';
import type { packageArtifactOutputs } from './output-specs.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof packageArtifactInputs, typeof packageArtifactOutputs> = async (
  inputs,
  io,
) => {
  const configPath = resolve(io.workspace, inputs.config);
  const { config } = await loadConfig(configPath, { environment: inputs.environment });
  const p = provenanceOf({ cwd: io.workspace, revision: inputs.revision, ref: inputs.ref });
  const pkg = config.package;
  const result = await packageArtifact({
    contextDir: resolve(io.workspace, pkg.context),
    dockerfile: resolve(io.workspace, pkg.dockerfile),
    repository: inputs.repository || config.image.repository,
    tags: imageTags(p),
    labels: ociLabels({
      repoUrl: p.repoUrl ?? '',
      sha: p.sha,
      created: p.created,
      version: p.version,
    }),
    ...(pkg.buildArgs ? { buildArgs: pkg.buildArgs } : {}),
    ...(pkg.target ? { target: pkg.target } : {}),
    ...(pkg.platform ? { platform: pkg.platform } : {}),
    ...credentials(inputs),
    insecure: inputs['insecure-registry'],
    ...(pkg.bundle ? { bundle: { configPath, environment: inputs.environment } } : {}),
    builder: inputs.builder,
    progress: (line) => io.progress(line),
    mask: (s) => io.mask(s),
  });
  io.setOutput('image', result.image);
  io.setOutput('digest', result.digest);
  io.setOutput('tags', result.tags);
  io.setOutput('bundle', result.bundle?.ref ?? '');
  io.report(
    heading(`cutover package-artifact: ${result.image}`),
    text(
      `Built with ${result.builder} from commit \`${p.sha}\`${p.version ? `, version ${p.version}` : ''}.`,
    ),
    table(
      ['what', 'reference', 'time'],
      [
        [
          'image',
          result.image,
          `build ${result.seconds.build.toFixed(1)} s, push ${result.seconds.push.toFixed(1)} s`,
        ],
        ...result.tags.map((t) => ['tag', t, '']),
        ...(result.bundle
          ? [
              [
                'deploy bundle',
                `${result.bundle.ref} (${result.bundle.files} files)`,
                `${(result.seconds.bundle ?? 0).toFixed(1)} s`,
              ],
            ]
          : []),
      ],
    ),
  );
};

/** Both or neither: a user name without its password is a mistake worth stopping for. */
function credentials(inputs: {
  'registry-username'?: string | undefined;
  'registry-password'?: string | undefined;
}) {
  const username = inputs['registry-username'];
  const password = inputs['registry-password'];
  if (!username && !password) return {};
  if (!username || !password)
    throw new CutoverError(
      'INPUT_MISSING',
      `input \`${username ? 'registry-password' : 'registry-username'}\` is required with \`${username ? 'registry-username' : 'registry-password'}\``,
      {
        hint: 'give both (e.g. `registry-username: ${{ github.actor }}` and `registry-password: ${{ secrets.GITHUB_TOKEN }}` for ghcr.io), or neither for an anonymous push',
      },
    );
  return { auth: { username, password } };
}
