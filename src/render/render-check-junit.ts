import type { CheckReport, ThresholdResult } from '../check/types.js';
import { byExperiment, shownField, shownValue } from './check-summary.js';
import { escapeControlLines } from './escape-control.js';

/**
 * XML 1.0 text or attribute value: markup escaped; control characters (ESC, C1, bidi overrides…) escaped as visible
 * text (escapeControlLines: line breaks stay); lone surrogates, which XML cannot carry, dropped.
 */
export function escapeXml(text: string): string {
  return escapeControlLines(text)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `quality average >= 0.8`: what a CI test report lists. */
function caseName(r: ThresholdResult): string {
  return `${r.scorer} ${shownField(r)} ${r.threshold}`;
}

/**
 * The check as JUnit XML for CI test reports: one `<testsuite>` per checked experiment, one `<testcase>` per
 * threshold comparison (classname = experiment address), a `<failure>` with the reason on each failed one.
 * Experiments without thresholds have no test cases and are left out.
 */
export function renderCheckJunit(report: CheckReport): string {
  const groups = byExperiment(report);
  const { thresholds, failed } = report.summary;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="galctl check" tests="${thresholds}" failures="${failed}" errors="0" skipped="0" time="0">`,
  ];
  for (const e of report.experiments) {
    const results = groups.get(e.address);
    if (results === undefined || results.length === 0) continue;
    const failures = results.filter((r) => !r.passed).length;
    out.push(`  <testsuite name="${escapeXml(e.address)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="0">`);
    for (const r of results) {
      const open = `    <testcase classname="${escapeXml(e.address)}" name="${escapeXml(caseName(r))}" time="0">`;
      const measured = `${shownField(r)} = ${shownValue(r)} (metric "${r.metric}")`;
      if (r.passed) {
        out.push(open, `      <system-out>${escapeXml(r.message === undefined ? measured : `${measured}\n${r.message}`)}</system-out>`, '    </testcase>');
      } else {
        const message = r.message ?? 'threshold not met';
        out.push(
          open,
          `      <failure type="${escapeXml(r.value === null ? 'not-measured' : 'threshold')}" message="${escapeXml(message)}">${escapeXml(`${message}\n${measured}`)}</failure>`,
          '    </testcase>',
        );
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
