import type { Problem } from '../core/problem.js';
import { escapeControl } from './escape-control.js';

/** Workflow-command data: `%`, CR and LF percent-encoded (GitHub's toolkit `escapeData`). */
export function escapeWorkflowData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: as data, plus `:` and `,` (GitHub's toolkit `escapeProperty`). */
export function escapeWorkflowProperty(text: string): string {
  return escapeWorkflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One `::error file=F,line=L,col=C,title=galctl CODE::message` line per problem: GitHub Actions turns each into an
 * annotation on that line of the pull request. The hint follows the message on a second annotation line (an encoded
 * line break). Control characters in quoted values are escaped first, so one problem stays one command. Pure.
 */
export function renderProblemsGithub(problems: readonly Problem[]): string {
  return problems
    .map((p) => {
      const props = [
        `file=${escapeWorkflowProperty(escapeControl(p.file))}`,
        `line=${p.line}`,
        `col=${p.col}`,
        `title=${escapeWorkflowProperty(`galctl ${p.code}`)}`,
      ].join(',');
      const message = p.hint === undefined ? escapeControl(p.message) : `${escapeControl(p.message)}\nhint: ${escapeControl(p.hint)}`;
      return `::error ${props}::${escapeWorkflowData(message)}\n`;
    })
    .join('');
}
