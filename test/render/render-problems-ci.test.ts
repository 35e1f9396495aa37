import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/problem.js';
import { escapeWorkflowData, escapeWorkflowProperty, renderProblemsGithub } from '../../src/render/render-problems-github.js';
import { renderProblemsGitlab } from '../../src/render/render-problems-gitlab.js';

const P: Problem = { file: 'galileo.yaml', line: 7, col: 5, code: 'dangling-ref', message: 'unknown dataset "qa"', hint: 'declare it under datasets:' };

describe('renderProblemsGithub', () => {
  it('one ::error command per problem with file, line, col and title; the hint on an encoded second line', () => {
    expect(renderProblemsGithub([P, { ...P, line: 9, col: 1, code: 'schema', message: 'bad', hint: undefined } as Problem])).toBe(
      '::error file=galileo.yaml,line=7,col=5,title=galctl dangling-ref::unknown dataset "qa"%0Ahint: declare it under datasets:\n' +
        '::error file=galileo.yaml,line=9,col=1,title=galctl schema::bad\n',
    );
  });

  it('escapes %, CR and LF in data and also : and , in properties, so a value cannot end the command or add properties', () => {
    expect(escapeWorkflowData('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab: c, d');
    expect(escapeWorkflowProperty('dir,x=1:y%\n')).toBe('dir%2Cx=1%3Ay%25%0A');
    const out = renderProblemsGithub([{ file: 'a,line=1:b.yaml', line: 1, col: 1, code: 'schema', message: 'x\n::warning::y 5%' }]);
    expect(out).toBe('::error file=a%2Cline=1%3Ab.yaml,line=1,col=1,title=galctl schema::x\\n::warning::y 5%25\n');
    expect(out.split('\n')).toHaveLength(2);
  });

  it('control characters in quoted values are escaped visibly, as in the text format', () => {
    expect(renderProblemsGithub([{ ...P, hint: undefined, message: 'a\u001b[31mb' }])).toContain('::a\\u001b[31mb\n');
  });
});

describe('renderProblemsGitlab', () => {
  it('a code-quality array: description, check_name, fingerprint, severity, location.path and lines.begin', () => {
    const report = JSON.parse(renderProblemsGitlab([P]));
    expect(report).toEqual([
      {
        description: 'unknown dataset "qa" (hint: declare it under datasets:)',
        check_name: 'dangling-ref',
        fingerprint: createHash('sha256').update(JSON.stringify(['galileo.yaml', 'dangling-ref', 'unknown dataset "qa"'])).digest('hex'),
        severity: 'major',
        location: { path: 'galileo.yaml', lines: { begin: 7 } },
      },
    ]);
  });

  it('is [] for a valid manifest; fingerprints are stable across lines and unique per occurrence', () => {
    expect(renderProblemsGitlab([])).toBe('[]\n');
    const moved = JSON.parse(renderProblemsGitlab([{ ...P, line: 40 }]))[0].fingerprint;
    expect(moved).toBe(JSON.parse(renderProblemsGitlab([P]))[0].fingerprint);
    const twice = JSON.parse(renderProblemsGitlab([P, { ...P, line: 12 }])).map((i: { fingerprint: string }) => i.fingerprint);
    expect(new Set(twice).size).toBe(2);
  });
});
