import { isIP } from 'node:net';

/** Hosts an `http:` runner URL may name: the loopback interface only (rows and answers travel in clear text). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host) || /^(0+:){7}0*1$/.test(host);
  return false;
}

/**
 * What is wrong with a runner URL, or undefined: it must parse, be https (any host) or http on a loopback address,
 * and carry no user:password (galctl sends no credentials of any kind to the application).
 */
export function runnerUrlProblem(text: string): { message: string; hint: string } | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { message: `runner url "${text}" is not a URL`, hint: 'write e.g. url: http://127.0.0.1:8080/answer' };
  }
  if (url.username !== '' || url.password !== '') {
    return { message: 'runner url holds a user name or password', hint: 'remove the credentials from the URL; the application must not need galctl to send any' };
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return undefined;
    return {
      message: `runner url ${url.origin} is plain http to a host that is not loopback`,
      hint: 'use https, or run the application on this machine and point url at 127.0.0.1',
    };
  }
  return { message: `runner url "${text}" is not http or https`, hint: 'write e.g. url: http://127.0.0.1:8080/answer' };
}
