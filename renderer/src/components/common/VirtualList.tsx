/**
 * A fixed-row-height windowed list: only the rows in view (plus a few) are in the DOM, so a list of
 * thousands of turns costs the same as a list of twenty.
 */
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import { rowSlots, windowRange } from './virtual-window';

export interface VirtualListHandle {
  /** Scrolls the least distance that brings the row fully into view. */
  scrollToIndex(index: number): void;
  /** The list's scrolling element. */
  element(): HTMLDivElement | null;
}

interface Props extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  count: number;
  rowHeight: number;
  overscan?: number;
  renderRow(index: number): ReactNode;
  /** Rendered over the rows (drop indicators and the like), positioned in content coordinates. */
  overlay?: ReactNode;
}

export const VirtualList = forwardRef<VirtualListHandle, Props>(function VirtualList(
  { count, rowHeight, overscan = 3, renderRow, overlay, className, ...rest },
  ref,
) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const frame = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setHeight(element.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const onScroll = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex(index: number) {
        const element = scroller.current;
        if (!element || index < 0) return;
        const top = index * rowHeight;
        const bottom = top + rowHeight;
        if (top < element.scrollTop) element.scrollTop = top;
        else if (bottom > element.scrollTop + element.clientHeight)
          element.scrollTop = bottom - element.clientHeight;
      },
      element: () => scroller.current,
    }),
    [rowHeight],
  );

  const [first, last] = windowRange(scrollTop, height, rowHeight, count, overscan);
  // Rows are keyed and ordered by slot, not by index: a row scrolling out is reused in place for the one
  // scrolling in, so the browser updates text instead of moving, tearing down and building elements.
  const rows: ReactNode[] = [];
  for (const [slot, i] of rowSlots(first, last, Math.ceil(height / rowHeight) + overscan * 2 + 2)) {
    rows.push(
      <div
        key={slot}
        className="vlist__row"
        style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight }}
      >
        {renderRow(i)}
      </div>,
    );
  }

  return (
    <div ref={scroller} className={`vlist ${className ?? ''}`} onScroll={onScroll} {...rest}>
      <div className="vlist__content" style={{ height: count * rowHeight }}>
        {rows}
        {overlay}
      </div>
    </div>
  );
});
