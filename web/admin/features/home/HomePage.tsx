import { useQuery } from '@tanstack/react-query';
import { surveysQuery } from '../../lib/queries.js';
import { navigate } from '../../lib/router.js';
import { currentLang } from '../../../shared/i18n.js';

/** The landing screen: the surveys in use and their targets. Richer views live in their features. */
export default function HomePage() {
  const { data, error } = useQuery(surveysQuery);
  const surveys = data?.surveys;
  const en = currentLang() === 'en';
  if (error) return <p role="alert">{error.message}</p>;
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
