import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import {
  ZDistributions,
  type TMultipleChoiceDistribution,
  type TNumberDistribution,
} from '../../../../domain/contract/analytics-distributions.js';
import { decimal } from '../../../../domain/format.js';
import { currentLang } from '../../../shared/i18n.js';
import { get, query } from '../../lib/api.js';
import { pct } from './format.js';

const TEXT = {
  vi: {
    title: 'Câu hỏi chọn nhiều và câu hỏi số',
    note: 'Các câu này chỉ để mô tả, không tính vào tỷ lệ hài lòng. Mỗi người có thể chọn nhiều phương án, nên tổng các tỷ lệ của một câu vượt quá 100\u00a0%.',
    respondents: 'n = {n} người trả lời câu này',
    small: 'Ít người trả lời (dưới {minN} người): cần thận trọng khi kết luận',
    table: 'Xem dạng bảng',
    option: 'Phương án',
    chose: 'Số người chọn',
    share: 'Tỷ lệ người chọn',
    interval: 'Khoảng tin cậy 95 %',
    median: 'Trung vị',
    quartiles: 'Tứ phân vị (25 % – 75 %)',
    range: 'Nhỏ nhất – lớn nhất',
    measure: 'Chỉ số',
    value: 'Giá trị',
    none: 'Chưa có câu trả lời.',
    chartOf: 'Tỷ lệ người chọn từng phương án: {question}',
    boxOf: 'Trung vị {median}, tứ phân vị {q1} – {q3}, nhỏ nhất {min}, lớn nhất {max}',
  },
  en: {
    title: 'Multiple-choice and number questions',
    note: 'These questions describe; they count in no satisfaction rate. A respondent may tick several options, so the shares of one question add up to more than 100\u00a0%.',
    respondents: 'n = {n} respondents answered',
    small: 'Few respondents (under {minN}): conclude with care',
    table: 'Show as a table',
    option: 'Option',
    chose: 'Respondents who ticked it',
    share: 'Share of respondents',
    interval: '95 % interval',
    median: 'Median',
    quartiles: 'Quartiles (25 % – 75 %)',
    range: 'Lowest – highest',
    measure: 'Measure',
    value: 'Value',
    none: 'No answers yet.',
    chartOf: 'Share of respondents who ticked each option: {question}',
    boxOf: 'Median {median}, quartiles {q1} – {q3}, lowest {min}, highest {max}',
  },
} as const;

type Key = keyof (typeof TEXT)['vi'];
const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

/** A number with as many decimals as it has (up to 2), grouped the local way (100.000 in Vietnamese). */
const numText = (v: number | null) =>
  v === null ? '—' : decimal(v, Number.isInteger(v) ? 0 : Number.isInteger(v * 10) ? 1 : 2, currentLang());

type Column = { label: string; num?: boolean };

/** One question: its title, how many answered (and a caution under the minimum), its chart and its figures as a table. */
function QuestionBlock(props: {
  q: { key: string; n: number; smallSample: boolean };
  text: string;
  tt: (k: Key) => string;
  minN: number;
  chart: ReactNode;
  /** The first column heads the rows. */
  columns: Column[];
  rows: Array<{ key: string; cells: string[] }>;
}) {
  const { q, tt, columns } = props;
  return (
    <section className="dist" data-testid={`dist-${q.key}`}>
      <h3>{props.text}</h3>
      <p className="muted small" data-testid="dist-n">
        {fill(tt('respondents'), { n: q.n })}
      </p>
      {q.smallSample && q.n > 0 && <p className="warn small">{fill(tt('small'), { minN: props.minN })}</p>}
      {q.n === 0 ? <p className="muted">{tt('none')}</p> : props.chart}
      <details>
        <summary>{tt('table')}</summary>
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c.label}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map(({ key, cells: [head, ...cells] }) => (
              <tr key={key}>
                <th scope="row">{head}</th>
                {cells.map((c, i) => (
                  <td key={columns[i + 1]!.label} className={columns[i + 1]!.num ? 'num' : undefined}>
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function ChoiceBlock({ q, tt, minN }: { q: TMultipleChoiceDistribution; tt: (k: Key) => string; minN: number }) {
  const en = currentLang() === 'en';
  const text = en ? q.text.en : q.text.vi;
  const label = (o: (typeof q.options)[number]) => (en ? o.label.en : o.label.vi);
  // Most-chosen first, as a reader scans a ranking.
  const options = [...q.options].sort((a, b) => b.n - a.n);
  const chart = (
    <ul className="share-bars" role="img" aria-label={fill(tt('chartOf'), { question: text })}>
      {options.map((o) => (
        <li key={o.value}>
          <span className="share-label">{label(o)}</span>
          <span className="share-track" aria-hidden="true">
            <span className="share-fill" style={{ width: `${(o.share ?? 0) * 100}%` }} />
          </span>
          <span className="share-value">
            {pct(o.share, 0)} <span className="muted">({o.n})</span>
          </span>
        </li>
      ))}
    </ul>
  );
  return (
    <QuestionBlock
      q={q}
      text={text}
      tt={tt}
      minN={minN}
      chart={chart}
      columns={[
        { label: tt('option') },
        { label: tt('chose'), num: true },
        { label: tt('share'), num: true },
        { label: tt('interval') },
      ]}
      rows={options.map((o) => ({
        key: o.value,
        cells: [
          label(o),
          String(o.n),
          pct(o.share),
          q.n === 0 ? '—' : `${pct(o.interval.low)} – ${pct(o.interval.high)}`,
        ],
      }))}
    />
  );
}

function NumberBlock({ q, tt, minN }: { q: TNumberDistribution; tt: (k: Key) => string; minN: number }) {
  const en = currentLang() === 'en';
  const unit = q.unit ? ` ${en ? q.unit.en : q.unit.vi}` : '';
  const span = q.min !== null && q.max !== null && q.max > q.min ? q.max - q.min : 1;
  const at = (v: number | null) => `${(((v ?? 0) - (q.min ?? 0)) / span) * 100}%`;
  const vars = {
    median: numText(q.median),
    q1: numText(q.q1),
    q3: numText(q.q3),
    min: numText(q.min),
    max: numText(q.max),
  };
  const chart = (
    <>
      <p className="dist-median">
        {tt('median')}: <strong data-testid="dist-median">{numText(q.median) + unit}</strong>
      </p>
      {/* A box plot drawn with CSS: the box spans the quartiles, the mark is the median. */}
      <div className="box-plot" role="img" aria-label={fill(tt('boxOf'), vars)}>
        <span className="box-whisker" />
        <span className="box-box" style={{ left: at(q.q1), width: `calc(${at(q.q3)} - ${at(q.q1)})` }} />
        <span className="box-median" style={{ left: at(q.median) }} />
      </div>
      <p className="box-ends muted small" aria-hidden="true">
        <span>{vars.min}</span>
        <span>{vars.max}</span>
      </p>
    </>
  );
  return (
    <QuestionBlock
      q={q}
      text={en ? q.text.en : q.text.vi}
      tt={tt}
      minN={minN}
      chart={chart}
      columns={[{ label: tt('measure') }, { label: tt('value'), num: true }]}
      rows={[
        { key: 'median', cells: [tt('median'), vars.median + unit] },
        { key: 'quartiles', cells: [tt('quartiles'), `${vars.q1} – ${vars.q3}${unit}`] },
        { key: 'range', cells: [tt('range'), `${vars.min} – ${vars.max}${unit}`] },
      ]}
    />
  );
}

/**
 * The descriptive questions of the filtered answers: per multiple-choice question a bar of the share
 * of respondents who ticked each option, per number question its median and quartiles. Nothing is
 * shown for a survey that asks neither.
 */
export function DistributionsPanel({ filters }: { filters: Record<string, string | undefined> }) {
  const tt = (k: Key) => TEXT[currentLang()][k];
  const { data } = useQuery({
    queryKey: ['analytics', 'distributions', query(filters)],
    queryFn: ({ signal }) => get(`/api/v1/analytics/distributions${query(filters)}`, ZDistributions, signal),
    enabled: !!filters.survey,
    placeholderData: keepPreviousData,
  });
  if (!data || data.multipleChoice.length + data.numbers.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="dist-title" data-testid="distributions-panel">
      <h2 id="dist-title">{tt('title')}</h2>
      <p className="muted small">{tt('note')}</p>
      {data.multipleChoice.map((q) => (
        <ChoiceBlock key={q.key} q={q} tt={tt} minN={data.minN} />
      ))}
      {data.numbers.map((q) => (
        <NumberBlock key={q.key} q={q} tt={tt} minN={data.minN} />
      ))}
    </section>
  );
}
