import { describe, expect, it } from 'vitest';
import { codeBlock, codeSpan, escapeMarkdown } from '../../src/render/escape-markdown.js';

describe('escapeMarkdown', () => {
  it.each([
    ['plain-name_1', 'plain-name_1'],
    ['link](http://x) [y', 'link&#93;(http://x) &#91;y'],
    ['![a](http://x/p.png)', '!&#91;a&#93;(http://x/p.png)'],
    ['<img src=x> & <!-- galctl-plan -->', '&lt;img src=x&gt; &amp; &lt;!-- galctl-plan --&gt;'],
    ['a | b `c` *d* ~~e~~ \\', 'a &#124; b &#96;c&#96; &#42;d&#42; &#126;&#126;e&#126;&#126; &#92;'],
    ['esc \u001b[31m\u009b\u202e\nx', 'esc &#92;u001b&#91;31m&#92;u009b&#92;u202e&#92;nx'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('codeSpan', () => {
  it.each([
    ['name', '`name`'],
    ['a`b', '``a`b``'],
    ['``x``', '``` ``x`` ```'],
    ['tick ``` `x` break', '````tick ``` `x` break````'],
    [' padded ', '`  padded  `'],
    ['<!-- galctl-plan -->', '`<!-\\- galctl-plan -->`'],
    ['esc \u001b]8;;x\u0007', '`esc \\u001b]8;;x\\u0007`'],
  ])('%j → %j', (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });
});

describe('codeBlock', () => {
  it('uses a fence longer than any backtick run of the body, and spells no HTML comment', () => {
    expect(codeBlock('+ a ```` b\n- <!-- galctl-plan -->', 'diff')).toBe('`````diff\n+ a ```` b\n- <!-\\- galctl-plan -->\n`````');
  });
});
