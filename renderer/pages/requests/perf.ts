/**
 * User Timing marks for the Requests page's benchmark (`bench/requests-ui.ts`),
 * which splits the first render by them. Cheap, and harmless where nobody reads them.
 */
export function perfMark(name: 'requests:chunk' | 'requests:render' | 'requests:page-committed' | 'requests:page-sent' | 'requests:page-received' | 'requests:rows-committed' | 'requests:first-rows'): void {
  try {
    performance.mark(name);
  } catch {
    /* no User Timing: nothing to measure */
  }
}
