/**
 * The pages of an offset-paged list (tokens 0, limit, 2·limit, …), `count` of them asked for at once (a hint: the
 * pages the list had last time, or its item count over the page size), so a list of n pages takes one round trip,
 * not n one after another. `page(token)` hands out the request made ahead for that token, else makes it: a list
 * whose next token is not the next offset, or that is longer than hinted, goes on page by page; a list shorter than
 * hinted leaves the pages past its end unread (their requests were spent, their answers are dropped). A request
 * made ahead that fails fails the read only when its page is wanted.
 */
export function pagesAhead<P>(fetch: (token: number) => Promise<P>, limit: number, count = 1): (token: number) => Promise<P> {
  const early = new Map<number, Promise<P>>();
  for (let i = 0; i < count; i += 1) {
    const page = fetch(i * limit);
    page.catch(() => undefined); // a page not wanted is not awaited
    early.set(i * limit, page);
  }
  return (token) => {
    const page = early.get(token);
    if (page === undefined) return fetch(token);
    early.delete(token);
    return page;
  };
}
