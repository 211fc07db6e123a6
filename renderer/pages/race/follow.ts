/**
 * Keeps streaming answers in view: each column body that got new text is
 * scrolled to its end once per animation frame — all columns' measurements
 * first, then all the scrolls, so six columns cost one layout, not six —
 * unless the reader scrolled up in it (then it stays put until they scroll
 * back to the end).
 */
const unpinned = new WeakSet<HTMLElement>();
/** The scrollTop we set last, to tell our own scroll events from the reader's. */
const ours = new WeakMap<HTMLElement, number>();
const due = new Set<HTMLElement>();
let frame = 0;

/** Asks for `el` to be scrolled to its end in the next frame (if the reader hasn't scrolled away). */
export function followEnd(el: HTMLElement | null): void {
  if (!el || unpinned.has(el)) return;
  due.add(el);
  if (!frame) frame = requestAnimationFrame(scrollAll);
}

function scrollAll(): void {
  frame = 0;
  const els = [...due];
  due.clear();
  const ends = els.map((el) => el.scrollHeight - el.clientHeight); // reads
  els.forEach((el, i) => {
    const end = ends[i]!;
    if (end > el.scrollTop) {
      el.scrollTop = end; // writes
      ours.set(el, el.scrollTop);
    }
  });
}

/** The body's scroll handler: a reader scrolling up unpins it; back at the end pins it again. */
export function noteScroll(el: HTMLElement): void {
  if (ours.get(el) === el.scrollTop) return;
  ours.delete(el);
  const atEnd = el.scrollHeight - el.clientHeight - el.scrollTop < 24;
  if (atEnd) unpinned.delete(el);
  else unpinned.add(el);
}
