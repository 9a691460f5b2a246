import { useEffect, useState } from 'react';
import { api } from '../../api.js';
import { navigate } from '../../router.js';
import { currentLang } from '../../../shared/i18n.js';

interface SurveySummary {
  slug: string;
  title: { vi: string; en: string | null };
  target: number;
  currentVersion: number | null;
}

/** The landing screen: the surveys in use and their targets. Richer views live in their features. */
export default function HomePage() {
  const [surveys, setSurveys] = useState<SurveySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const en = currentLang() === 'en';
  useEffect(() => {
    api<{ surveys: SurveySummary[] }>('/api/v1/surveys')
      .then((r) => setSurveys(r.surveys))
      .catch((e: Error) => setError(e.message));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!surveys) return <p aria-busy="true">{en ? 'Loading…' : 'Đang tải…'}</p>;
  return (
    <section>
      <p className="card">
        <a
          href="/admin/analytics"
          onClick={(e) => {
            e.preventDefault();
            navigate('/admin/analytics');
          }}
        >
          <strong>{en ? 'See satisfaction against the targets →' : 'Xem kết quả hài lòng so với chỉ tiêu →'}</strong>
        </a>
        <span>
          {en
            ? 'Rates with 95 % intervals, by criterion, month, quarter and unit; quarterly reports.'
            : 'Tỷ lệ kèm khoảng tin cậy 95 %, theo tiêu chí, tháng, quý và đơn vị; báo cáo theo kỳ.'}
        </span>
      </p>
      <h1>{en ? 'Surveys' : 'Các phiếu khảo sát'}</h1>
      {surveys.length === 0 ? (
        <p className="empty">{en ? 'No survey has been published yet.' : 'Chưa có phiếu khảo sát nào được công bố.'}</p>
      ) : (
        <ul className="cards">
          {surveys.map((s) => (
            <li key={s.slug} className="card">
              <strong>{en ? (s.title.en ?? s.title.vi) : s.title.vi}</strong>
              <span>
                {en ? 'Target' : 'Mục tiêu'}: {Math.round(s.target * 100)}% · v{s.currentVersion ?? '—'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
