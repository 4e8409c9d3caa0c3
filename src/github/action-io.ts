import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import type { Annotation, ReportBlock, SourceLocation, StageIO } from '../stages/io.ts';
import { serializeOutput, type OutputSpec } from '../stages/outputs.ts';
import { mermaidChart } from './mermaid.ts';

/**
 * The stage I/O of a GitHub Actions step: outputs to GITHUB_OUTPUT, progress to the log,
 * warnings as annotations, the report as the job summary (written by `flush`, also when the
 * stage fails, so the evidence of a failed run is there).
 */
export interface ActionIO<O extends OutputSpec> extends StageIO<O> {
  flush(): Promise<void>;
}

export function actionIO<O extends OutputSpec>(outputs: O): ActionIO<O> {
  const blocks: ReportBlock[] = [];
  return {
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    setOutput(name, value) {
      core.setOutput(name, serializeOutput(outputs[name]!, value));
    },
    progress: (message) => core.info(message),
    warning(message, location?: SourceLocation) {
      core.warning(message, location ? annotationOf(location) : {});
    },
    annotate(a) {
      const annotate = { error: core.error, warning: core.warning, notice: core.notice }[a.level];
      annotate(a.message, annotationProperties(a));
    },
    mask: (secret) => core.setSecret(secret),
    async verbatim(fn) {
      const token = randomUUID();
      core.info(`::stop-commands::${token}`);
      try {
        return await fn();
      } finally {
        core.info(`::${token}::`);
      }
    },
    report: (...more) => void blocks.push(...more),
    async flush() {
      if (blocks.length === 0 || !process.env.GITHUB_STEP_SUMMARY) return;
      for (const b of blocks.splice(0)) addBlock(b);
      await core.summary.write();
    },
  };
}

function annotationOf(l: SourceLocation): core.AnnotationProperties {
  return { file: l.file, startLine: l.line, startColumn: l.column };
}

function annotationProperties(a: Annotation): core.AnnotationProperties {
  const l = a.location;
  return {
    ...(a.title ? { title: a.title } : {}),
    ...(l ? annotationOf(l) : {}),
    ...(l?.endLine ? { endLine: l.endLine } : {}),
    // GitHub reads columns only on a one-line annotation.
    ...(l?.endColumn && (!l.endLine || l.endLine === l.line) ? { endColumn: l.endColumn } : {}),
  };
}

function addBlock(b: ReportBlock): void {
  const s = core.summary;
  switch (b.kind) {
    case 'heading':
      s.addHeading(b.text, 3);
      return;
    case 'text':
      s.addRaw(b.text, true);
      return;
    case 'table':
      s.addTable([b.headers.map((h) => ({ data: h, header: true })), ...b.rows]);
      return;
    case 'list':
      s.addList(b.items);
      return;
    case 'details':
      s.addDetails(b.label, `\n\n\`\`\`${b.language ?? ''}\n${b.lines.join('\n')}\n\`\`\`\n`);
      return;
    case 'chart':
      s.addRaw(`\n\`\`\`mermaid\n${mermaidChart(b)}\n\`\`\`\n`, true);
  }
}
