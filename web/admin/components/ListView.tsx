import type { ReactNode } from 'react';
import { t } from './i18n.js';
import { Pager } from './Pager.js';

export interface Column<T> {
  header: ReactNode;
  /** Applied to the header and to each cell, e.g. 'num' or 'mono'. */
  className?: string;
  /** Absent when whole rows are drawn by a renderRow. */
  cell?: (row: T) => ReactNode;
}

/** The part of a TanStack query result a list needs. */
export interface ListQuery<D> {
  data: D | undefined;
  error: Error | null;
  isFetching: boolean;
}

export interface ListViewProps<D, T> {
  /** Filter controls, shown in one search toolbar above the list. */
  filters?: ReactNode;
  /** When given and a filter is set, the toolbar offers to clear them all. */
  onClear?: (() => void) | undefined;
  query: ListQuery<D>;
  rows: (data: D) => readonly T[];
  loading: string;
  empty: string;
  /** The line above the list, such as "12 units". */
  count?: (rows: readonly T[], data: D) => ReactNode;
  /** Actions shown above the list when there is something in it. */
  actions?: (rows: readonly T[], data: D) => ReactNode;
  /** Either table columns (with an optional whole-row renderer for rows with their own state)… */
  columns?: Column<T>[];
  rowKey?: (row: T) => string | number;
  renderRow?: (row: T) => ReactNode;
  /** …or a body of the list's own. */
  render?: (rows: readonly T[], data: D) => ReactNode;
  pager?: (data: D) => { page: number; pages: number };
}

/** A filter toolbar; role=search makes it a landmark screen-reader users can jump to. */
export function FilterBar({ children, onClear }: { children: ReactNode; onClear?: (() => void) | undefined }) {
  return (
    <div className="toolbar" role="search">
      {children}
      {onClear && (
        <button type="button" className="secondary" onClick={onClear}>
          {t('clear')}
        </button>
      )}
    </div>
  );
}

/** A column's name as plain text, shown above each cell when a phone stacks the row (none for a hidden header). */
export function cellLabel(header: ReactNode): string | undefined {
  return typeof header === 'string' || typeof header === 'number' ? String(header) : undefined;
}

/** A table with its header cells and one row per item. */
export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  renderRow?: ((row: T) => ReactNode) | undefined;
}) {
  const { columns, rows, rowKey, renderRow } = props;
  return (
    // Focusable: a table wider than the screen scrolls sideways, and keyboard users must reach it (WCAG 2.1.1).
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) =>
            renderRow ? (
              renderRow(row)
            ) : (
              <tr key={rowKey(row)}>
                {columns.map((c, i) => (
                  <td key={i} className={c.className} data-label={cellLabel(c.header)}>
                    {c.cell?.(row)}
                  </td>
                ))}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The list screens' one shape: filters, then the error, the first load, the empty state, or the
 * items with their count and a pager. While a new filter loads, the previous items stay on screen
 * (marked busy), so typing in a search box does not flash.
 */
export function ListView<D, T>(props: ListViewProps<D, T>) {
  const { query, filters } = props;
  const data = query.data;
  const rows = data === undefined ? undefined : props.rows(data);
  let body: ReactNode;
  if (data === undefined || rows === undefined) {
    body = query.isFetching && <p aria-busy="true">{props.loading}</p>;
  } else if (rows.length === 0) {
    body = <p className="empty">{props.empty}</p>;
  } else {
    const pager = props.pager?.(data);
    body = (
      <>
        {props.actions?.(rows, data)}
        {props.count && (
          <p className="lead" aria-live="polite">
            {props.count(rows, data)}
          </p>
        )}
        {props.render
          ? props.render(rows, data)
          : props.columns &&
            props.rowKey && (
              <DataTable columns={props.columns} rows={rows} rowKey={props.rowKey} renderRow={props.renderRow} />
            )}
        {pager && <Pager page={pager.page} pages={pager.pages} />}
      </>
    );
  }
  return (
    <>
      {filters && <FilterBar onClear={props.onClear}>{filters}</FilterBar>}
      {query.error && (
        <p className="notice bad" role="alert">
          {query.error.message}
        </p>
      )}
      <div aria-busy={query.isFetching && data !== undefined}>{body}</div>
    </>
  );
}
