import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ZCampaign, ZCampaignList, type TCampaignSummary } from '../../../../domain/contract/campaigns.js';
import { decimal } from '../../../../domain/format.js';
import { formatLocalDate } from '../../../../domain/periods.js';
import { errorText, get, send } from '../../lib/api.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { currentLang } from '../../../shared/i18n.js';
import { CampaignForm } from './CampaignForm.js';
import { CampaignProgress } from './CampaignProgress.js';
import { t } from './i18n.js';
import '../../components/admin-ui.css';
import './campaigns.css';

const whole = (n: number) => decimal(n, 0, currentLang());

/** Loads one campaign (with its quotas) into the edit form. */
function EditCampaign({ id, onDone }: { id: number; onDone: () => void }) {
  const { data, error } = useQuery({
    queryKey: ['campaigns', id],
    queryFn: ({ signal }) => get(`/api/v1/campaigns/${id}`, ZCampaign, signal),
  });
  if (error) return <p className="field-error">{errorText(error)}</p>;
  if (!data) return <p role="status">{t('loading')}</p>;
  return <CampaignForm campaign={data} onDone={onDone} />;
}

function CampaignItem({ c, isAdmin, onEdit }: { c: TCampaignSummary; isAdmin: boolean; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => send('DELETE', `/api/v1/campaigns/${c.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
  return (
    <li className="campaign-item">
      <div className="campaign-unit-head">
        <strong>{c.name}</strong>
        <span className={`badge ${c.state === 'open' ? 'ok' : 'warn'}`}>{t(c.state)}</span>
      </div>
      <div>{c.surveyTitle}</div>
      <div className="campaign-meta">
        {t('dates', { from: formatLocalDate(c.opensOn), to: formatLocalDate(c.closesOn) })} ·{' '}
        {t('quotaSummary', { units: whole(c.quotaUnits), total: whole(c.quotaTotal) })}
      </div>
      <div className="actions">
        <a
          href={`/admin/campaigns?id=${c.id}`}
          onClick={(e) => (e.preventDefault(), setSearchParams({ id: String(c.id) }))}
        >
          {t('viewProgress')}
        </a>
        {isAdmin && (
          <>
            <button type="button" onClick={onEdit}>
              {t('edit')}
            </button>
            <button
              type="button"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(t('confirmDelete', { name: c.name }))) remove.mutate();
              }}
            >
              {t('delete')}
            </button>
          </>
        )}
      </div>
      {remove.error && <p className="field-error">{errorText(remove.error)}</p>}
    </li>
  );
}

/**
 * Campaigns (#12.7): the list, the plan form (admins) and, with ?id=, one campaign's progress
 * against its quotas, so a progress view can be shared by link.
 */
export default function CampaignsPage() {
  const { me } = useSession();
  const isAdmin = hasAnyRole(me, ['admin']);
  const id = Number(useLocation().search.get('id') ?? '');
  const [editing, setEditing] = useState<number | 'new' | undefined>();
  const [saved, setSaved] = useState('');
  const { data, error, isLoading } = useQuery({
    queryKey: ['campaigns', 'list'],
    queryFn: ({ signal }) => get('/api/v1/campaigns', ZCampaignList, signal),
  });
  const done = (name?: string) => {
    setEditing(undefined);
    setSaved(name ? t('saved', { name }) : '');
  };

  return (
    <div className="campaigns-page">
      <div className="page-head">
        <h1>{t('title')}</h1>
        {isAdmin && editing === undefined && !id && (
          <button type="button" onClick={() => (setSaved(''), setEditing('new'))}>
            {t('create')}
          </button>
        )}
      </div>
      <p className="lead">{t('lead')}</p>
      {saved && <p role="status">{saved}</p>}
      {id > 0 ? (
        <>
          <p>
            <a href="/admin/campaigns" onClick={(e) => (e.preventDefault(), setSearchParams({ id: undefined }))}>
              {t('back')}
            </a>
          </p>
          <CampaignProgress id={id} />
        </>
      ) : (
        <>
          {editing === 'new' && <CampaignForm onDone={(c) => done(c?.name)} />}
          {typeof editing === 'number' && <EditCampaign id={editing} onDone={() => done()} />}
          <section className="panel" aria-labelledby="campaign-list-title">
            <h2 id="campaign-list-title">{t('listTitle')}</h2>
            {isLoading && <p role="status">{t('loading')}</p>}
            {error && <p className="field-error">{errorText(error)}</p>}
            {data && data.length === 0 && <p>{t('empty')}</p>}
            {data && data.length > 0 && (
              <ul className="campaign-list">
                {data.map((c) => (
                  <CampaignItem key={c.id} c={c} isAdmin={isAdmin} onEdit={() => (setSaved(''), setEditing(c.id))} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
