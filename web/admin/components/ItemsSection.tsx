import type { ReactNode } from 'react';
import { errorText } from '../lib/api.js';

/**
 * A titled list of a feature's items as cards (paper batches, interview lists, kiosks): the first
 * load, the error, the empty state, or the items. Tables with filters and pages use ListView instead.
 */
export function ItemsSection<T extends { id: number }>(props: {
  /** The title's id: `${id}-title`. */
  id: string;
  title: string;
  className?: string;
  /** A line under the title. */
  hint?: string;
  query: { data: readonly T[] | undefined; error: Error | null; isPending: boolean };
  text: { loading: string; empty: string };
  listClassName: string;
  children: (item: T) => ReactNode;
}) {
  const { data, error, isPending } = props.query;
  return (
    <section aria-labelledby={`${props.id}-title`} className={props.className}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.hint && <p className="field-hint">{props.hint}</p>}
      {isPending && <p role="status">{props.text.loading}</p>}
      {error && <p className="field-error">{errorText(error)}</p>}
      {data?.length === 0 && <p>{props.text.empty}</p>}
      {data && data.length > 0 && <ul className={props.listClassName}>{data.map((item) => props.children(item))}</ul>}
    </section>
  );
}
